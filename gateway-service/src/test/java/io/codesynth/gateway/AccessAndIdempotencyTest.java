package io.codesynth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** API keys guard every route; an Idempotency-Key makes a submission happen once. */
class AccessAndIdempotencyTest extends GatewayTestSupport {

    private static final String BODY = resource("humaneval-3.jsonl");

    @Autowired
    DataSource dataSource;

    @Test
    void submissionWithoutKeyIsUnauthorized() {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> response = postJob(NDJSON, "", BODY);

        assertUnauthorized(response, "/v1/jobs");
        assertNothingPublishedSince(before);
    }

    @Test
    void submissionWithUnknownKeyIsUnauthorized() {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> wrongKey = postJob(NDJSON, "", BODY, bearer("cs_not-a-configured-key"));
        HttpResponse<String> wrongScheme = postJob(NDJSON, "", BODY, "Authorization", "Basic " + ACME_KEY);

        assertUnauthorized(wrongKey, "/v1/jobs");
        assertThat(wrongKey.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
        assertUnauthorized(wrongScheme, "/v1/jobs");
        assertNothingPublishedSince(before);
    }

    @Test
    void readsAreAuthenticatedBeforeForwarding() {
        FakeResultsService.reset();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/jobs/" + UUID.randomUUID())).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(FakeResultsService.lastRequest()).as("nothing forwarded").isNull();
    }

    @Test
    void healthNeedsNoKey() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/health")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void sameKeyAndBodyReturnsTheSameJobAndPublishesOnce() {
        String key = UUID.randomUUID().toString();
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> first = postJob(NDJSON, "samples=2", BODY, idempotent(ACME_KEY, key));
        UUID jobId = UUID.fromString(json(first).get("jobId").asString());
        publishedSince(before, jobId, 3);
        Map<TopicPartition, Long> afterFirst = topics.settledEndOffsets();
        HttpResponse<String> second = postJob(NDJSON, "samples=2", BODY, idempotent(ACME_KEY, key));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertNothingPublishedSince(afterFirst);
        assertThat(storedJobId("acme", key)).isEqualTo(jobId);
    }

    @Test
    void sameKeyWithADifferentBodyIsAConflict() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = postJob(NDJSON, "", BODY, idempotent(ACME_KEY, key));
        assertThat(first.statusCode()).isEqualTo(202);
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> otherBody = postJob(NDJSON, "", BODY.lines().findFirst().orElseThrow(), idempotent(ACME_KEY, key));
        HttpResponse<String> otherQuery = postJob(NDJSON, "samples=3", BODY, idempotent(ACME_KEY, key));

        assertThat(otherBody.statusCode()).isEqualTo(409);
        assertThat(json(otherBody).get("type").asString()).isEqualTo("urn:codesynth:problem:idempotency-key-reused");
        assertThat(json(otherBody).get("detail").asString()).contains(json(first).get("jobId").asString());
        assertThat(otherQuery.statusCode()).isEqualTo(409);
        assertNothingPublishedSince(before);
    }

    @Test
    void keysAreScopedToTheTenant() {
        String key = UUID.randomUUID().toString();

        HttpResponse<String> acme = postJob(NDJSON, "", BODY, idempotent(ACME_KEY, key));
        HttpResponse<String> globex = postJob(NDJSON, "", BODY, idempotent(GLOBEX_KEY, key));

        assertThat(acme.statusCode()).isEqualTo(202);
        assertThat(globex.statusCode()).isEqualTo(202);
        assertThat(json(globex).get("jobId").asString()).isNotEqualTo(json(acme).get("jobId").asString());
    }

    @Test
    void concurrentRequestsWithOneKeyPublishOneJob() {
        String key = UUID.randomUUID().toString();
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, 4)
                .mapToObj(i -> HTTP.sendAsync(HttpRequest.newBuilder(uri("/v1/jobs"))
                        .header("Content-Type", NDJSON)
                        .headers(idempotent(ACME_KEY, key))
                        .POST(HttpRequest.BodyPublishers.ofString(BODY))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<HttpResponse<String>> responses = inFlight.stream().map(CompletableFuture::join).toList();

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(202));
        List<String> jobIds = responses.stream().map(r -> json(r).get("jobId").asString()).distinct().toList();
        assertThat(jobIds).hasSize(1);
        publishedSince(before, UUID.fromString(jobIds.getFirst()), 3);
    }

    private UUID storedJobId(String tenant, String key) {
        return JdbcClient.create(dataSource)
                .sql("SELECT job_id FROM gateway.idempotency_keys WHERE tenant = ? AND idem_key = ?")
                .params(tenant, key)
                .query(UUID.class)
                .single();
    }

    private static String[] idempotent(String apiKey, String idempotencyKey) {
        return new String[] {"Authorization", "Bearer " + apiKey, "Idempotency-Key", idempotencyKey};
    }

    static void assertUnauthorized(HttpResponse<String> response, String instance) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("type").asString()).isEqualTo("urn:codesynth:problem:unauthorized");
        assertThat(json(response).get("instance").asString()).isEqualTo(instance);
        assertThat(json(response).has("errors")).isFalse();
    }
}
