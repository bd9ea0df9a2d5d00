package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.codesynth.contracts.Ids;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.auth.ApiKeys;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * A HumanEval job travels from REST through a real Kafka broker into a real PostgreSQL: both services
 * run as the standalone runs them (same context-building code, free ports), and the job and its tasks
 * are read back through the gateway.
 */
@EmbeddedKafka(brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class JobSubmissionEndToEndTest {

    private static final String API_KEY = ApiKeys.generateKey();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalPostgres postgres;
    private static ServiceContexts services;
    private static String gateway;

    @BeforeAll
    static void startServices(EmbeddedKafkaBroker kafka, @TempDir Path dataDir) throws IOException {
        postgres = LocalPostgres.start(dataDir.resolve("postgres"), 0);
        ServiceEnvironment environment = new ServiceEnvironment(kafka.getBrokersAsString(), postgres.jdbcUrl(),
                LocalPostgres.USER, "", StandaloneRuntime.DEMO_TENANT, ApiKeys.sha256Hex(API_KEY));
        Map<PortSetting, Integer> freePorts = Map.of(PortSetting.GATEWAY, 0, PortSetting.RESULTS, 0);
        services = ServiceContexts.start(PipelineServices.all(), environment, freePorts);
        gateway = services.url(PipelineServices.GATEWAY_SERVICE);
    }

    @AfterAll
    static void stopServices() throws IOException {
        if (services != null) {
            services.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aHumanEvalJobIsStoredWithItsTasksQueued(EmbeddedKafkaBroker kafka) throws Exception {
        DemoProblems problems = DemoProblems.bundled();

        HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs?samples=3"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(problems.ndjson()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(json(submitted.body()).path("jobId").asString());
        assertThat(submitted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/v1/jobs/" + jobId));

        JsonNode job = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/v1/jobs/" + jobId), response -> response.statusCode() == 200)
                .body().transform(JobSubmissionEndToEndTest::json);
        assertThat(job.path("jobId").asString()).isEqualTo(jobId.toString());
        assertThat(job.path("state").asString()).isEqualTo("QUEUED");
        assertThat(job.path("samplesPerTask").asInt()).isEqualTo(3);
        assertThat(job.path("counts").path("tasks").asInt()).isEqualTo(5);
        assertThat(job.path("counts").path("queued").asInt()).isEqualTo(5);

        HttpResponse<String> tasksResponse = get("/v1/jobs/" + jobId + "/tasks");
        assertThat(tasksResponse.statusCode()).isEqualTo(200);
        List<String> taskIds = new ArrayList<>();
        List<String> taskKeys = new ArrayList<>();
        for (JsonNode task : json(tasksResponse.body()).path("items")) {
            taskIds.add(task.path("taskId").asString());
            taskKeys.add(task.path("taskKey").asString());
            assertThat(task.path("state").asString()).isEqualTo("QUEUED");
        }
        assertThat(taskIds).containsExactlyElementsOf(problems.taskIds());
        List<String> expectedKeys = IntStream.range(0, 5).mapToObj(i -> Ids.taskKey(jobId, i)).toList();
        assertThat(taskKeys).containsExactlyElementsOf(expectedKeys);

        // and the work is queued for the generation workers, one request per task, keyed by task key
        assertThat(generationRequestKeys(kafka, jobId)).containsExactlyInAnyOrderElementsOf(expectedKeys);
    }

    @Test
    void theDemoFollowsItsJobToItsFinalStateWithoutWorkers() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        DemoJob demo = new DemoJob(new GatewayClient(gateway, API_KEY),
                PipelineServices.processesJobsToTheEnd(services), new ProgressLine(out, false), out);

        DemoJob.Outcome outcome = demo.run(DemoProblems.bundled(), 2);

        assertThat(outcome.succeeded()).as(outcome.message() + "\n" + printed).isTrue();
        assertThat(outcome.workersRan()).isFalse();
        assertThat(outcome.tasks()).extracting(DemoJob.TaskLine::state).containsOnly("QUEUED").hasSize(5);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("QUEUED, 5 tasks (5 queued)");
    }

    @Test
    void aRequestWithoutTheKeyIsRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + UUID.randomUUID()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static List<String> generationRequestKeys(EmbeddedKafkaBroker kafka, UUID jobId) {
        Map<String, Object> config = KafkaTestUtils.consumerProps(kafka, "end-to-end-" + UUID.randomUUID(), false);
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.GENERATION));
            List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
                    if (record.key().startsWith(jobId.toString())) {
                        keys.add(record.key());
                    }
                }
                return keys.size() >= 5;
            });
            return keys;
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + API_KEY)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) {
        return PipelineJson.mapper().readTree(body);
    }
}
