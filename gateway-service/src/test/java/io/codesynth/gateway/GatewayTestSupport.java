package io.codesynth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.auth.ApiKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway against a real in-process broker, a real PostgreSQL and a fake results-service.
 *
 * <p>Every subclass has exactly this configuration, so Spring's context cache gives them one context
 * (and one broker) between them instead of starting one per class; {@link CloseSharedContextAfterAllTests}
 * closes it when the run ends. Tests keep apart by job ids and by comparing end offsets before and after a request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + GatewayApplication.CONFIG_NAME,
        "codesynth.gateway.max-body-size=64KB"})
@ExtendWith(CloseSharedContextAfterAllTests.class)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
public abstract class GatewayTestSupport {

    protected static final String ACME_KEY = "cs_test-key-of-acme";
    protected static final String GLOBEX_KEY = "cs_test-key-of-globex";
    protected static final String NDJSON = "application/x-ndjson";
    protected static final String JSON = "application/json";
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected EmbeddedKafkaBroker broker;

    protected TopicProbe topics;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("codesynth.gateway.results-url", FakeResultsService::url);
        registry.add("codesynth.security.api-keys[0].tenant", () -> "acme");
        registry.add("codesynth.security.api-keys[0].key-sha256", () -> ApiKeys.sha256Hex(ACME_KEY));
        registry.add("codesynth.security.api-keys[1].tenant", () -> "globex");
        registry.add("codesynth.security.api-keys[1].key-sha256", () -> ApiKeys.sha256Hex(GLOBEX_KEY));
    }

    @BeforeEach
    void openProbe() {
        topics = new TopicProbe(broker.getBrokersAsString());
    }

    @AfterEach
    void closeProbe() {
        topics.close();
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    /** POST /v1/jobs with the given content type, query (may be empty) and headers (name, value, ...). */
    protected HttpResponse<String> postJob(String contentType, String query, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/jobs" + (query.isEmpty() ? "" : "?" + query)))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String[] bearer(String key) {
        return new String[] {"Authorization", "Bearer " + key};
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return PipelineJson.mapper().readTree(response.body());
    }

    protected static String resource(String name) {
        try (InputStream in = GatewayTestSupport.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that no record of any kind reached the jobs or generation topics since {@code before}. */
    protected void assertNothingPublishedSince(Map<TopicPartition, Long> before) {
        assertThat(topics.endOffsets()).as("end offsets of the jobs and generation topics").isEqualTo(before);
    }

    protected record PublishedJob(JobSubmitted job, List<GenerationRequest> requests) {
    }

    /** The job's records since {@code before}, asserting that they are all there is: one job, one request per task. */
    protected PublishedJob publishedSince(Map<TopicPartition, Long> before, UUID jobId, int tasks) {
        List<ConsumerRecord<String, byte[]>> records = topics.committedSince(before);
        assertThat(records).as("records committed for the job").hasSize(tasks + 1);

        List<ConsumerRecord<String, byte[]>> jobRecords =
                records.stream().filter(r -> r.topic().equals(Topics.JOBS)).toList();
        assertThat(jobRecords).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(jobId.toString());
            assertThat(typeOf(r)).isEqualTo("JobSubmitted");
        });
        JobSubmitted job = PipelineJson.fromBytes(jobRecords.getFirst().value(), JobSubmitted.class);
        assertThat(job.jobId()).isEqualTo(jobId);
        assertThat(job.tasks()).hasSize(tasks);

        List<ConsumerRecord<String, byte[]>> requestRecords =
                records.stream().filter(r -> r.topic().equals(Topics.GENERATION)).toList();
        assertThat(requestRecords).hasSize(tasks).allSatisfy(r -> assertThat(typeOf(r)).isEqualTo("GenerationRequest"));
        List<GenerationRequest> requests = requestRecords.stream()
                .map(r -> {
                    GenerationRequest request = PipelineJson.fromBytes(r.value(), GenerationRequest.class);
                    assertThat(r.key()).isEqualTo(request.taskKey());
                    assertThat(request.jobId()).isEqualTo(jobId);
                    return request;
                })
                .sorted(Comparator.comparingInt(GenerationRequest::taskIndex))
                .toList();
        return new PublishedJob(job, requests);
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(Topics.TYPE_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
