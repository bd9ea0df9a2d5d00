package io.codesynth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.auth.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With Kafka and results-service unreachable the gateway answers 503 promptly, and keeps nothing of the attempt. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + GatewayApplication.CONFIG_NAME,
        "codesynth.gateway.publish-timeout=2s",
        "codesynth.gateway.retry-after=7s",
        // no broker to create topics on; the admin would only wait for its timeout
        "spring.kafka.admin.auto-create=false"})
@DirtiesContext
class OutageTest {

    private static final String KEY = "cs_outage-test-key";
    private static final int CLOSED_PORT = closedPort();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void unreachableNeighbours(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + CLOSED_PORT);
        registry.add("codesynth.gateway.results-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("codesynth.security.api-keys[0].tenant", () -> "acme");
        registry.add("codesynth.security.api-keys[0].key-sha256", () -> ApiKeys.sha256Hex(KEY));
    }

    @Test
    void submissionAnswers503WithRetryAfterAndReleasesTheIdempotencyKey() throws Exception {
        String idempotencyKey = UUID.randomUUID().toString();
        Instant start = Instant.now();

        HttpResponse<String> response = GatewayTestSupport.send(HttpRequest.newBuilder(uri("/v1/jobs"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + KEY)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(GatewayTestSupport.resource("humaneval-3.jsonl"), StandardCharsets.UTF_8))
                .build());

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(GatewayTestSupport.json(response).get("type").asString()).isEqualTo("urn:codesynth:problem:queue-unavailable");
        assertThat(GatewayTestSupport.json(response).get("detail").asString()).contains("nothing was submitted");
        assertThat(JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM gateway.idempotency_keys WHERE idem_key = ?")
                .param(idempotencyKey)
                .query(Long.class)
                .single())
                .as("the key is free for a retry").isZero();
    }

    @Test
    void readAnswers503WhenResultsServiceIsDown() {
        HttpResponse<String> response = GatewayTestSupport.send(HttpRequest.newBuilder(uri("/v1/jobs/" + UUID.randomUUID()))
                .header("Authorization", "Bearer " + KEY)
                .build());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(GatewayTestSupport.json(response).get("type").asString()).isEqualTo("urn:codesynth:problem:results-unavailable");
    }

    @Test
    void keyIsCheckedBeforeAnythingElse() {
        HttpResponse<String> response = GatewayTestSupport.send(HttpRequest.newBuilder(uri("/v1/jobs/" + UUID.randomUUID())).build());

        AccessAndIdempotencyTest.assertUnauthorized(response, response.uri().getPath());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
