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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.auth.ApiKeys;
import io.codesynth.generation.model.RandomDreamCheckpoint;
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
 * A HumanEval job travels from REST through a real Kafka broker into a real PostgreSQL and on to the
 * generation worker, which decodes it with a tiny random checkpoint the test writes: every service runs
 * as the standalone runs it (same context-building code, free ports), the job and its tasks are read
 * back through the gateway, and the candidate batches are read from their topic.
 */
@EmbeddedKafka(brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class JobSubmissionEndToEndTest {

    private static final String API_KEY = ApiKeys.generateKey();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Short decoding keeps the test quick on a small machine: the tiny random model writes random text anyway. */
    private static final String QUICK_DECODING = "maxNewTokens=16&steps=16";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Task states of a stored job that nothing verifies: queued, or with its candidates recorded. */
    private static final List<String> UNVERIFIED = List.of("QUEUED", "GENERATING", "VERIFYING");

    private static LocalPostgres postgres;
    private static ServiceContexts services;
    private static String gateway;

    @BeforeAll
    static void startServices(EmbeddedKafkaBroker kafka, @TempDir Path dataDir) throws IOException {
        postgres = LocalPostgres.start(dataDir.resolve("postgres"), 0);
        Path modelDir = RandomDreamCheckpoint.write(dataDir.resolve("tiny-checkpoint"),
                RandomDreamCheckpoint.Dimensions.tiny(), 7);
        ServiceEnvironment environment = new ServiceEnvironment(kafka.getBrokersAsString(), postgres.jdbcUrl(),
                LocalPostgres.USER, "", StandaloneRuntime.DEMO_TENANT, ApiKeys.sha256Hex(API_KEY));
        Map<PortSetting, Integer> freePorts = Map.of(PortSetting.GATEWAY, 0, PortSetting.RESULTS, 0, PortSetting.GENERATION, 0);
        services = ServiceContexts.start(PipelineServices.all(new RunSettings(dataDir, Optional.of(modelDir))),
                environment, freePorts);
        gateway = services.url(PipelineServices.GATEWAY_SERVICE);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ServiceReadiness.Outcome readiness = new ServiceReadiness(out, new ProgressLine(out, false), PATIENCE).await(services);
        assertThat(readiness.succeeded()).as(readiness.failure()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .as("the ready line names the model the worker loaded")
                .startsWith("generation-worker is ready: model tiny-checkpoint, ")
                .contains(" parameters on cpu as float32 (random weights)");
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
    void aHumanEvalJobIsStoredQueuedAndGenerated(EmbeddedKafkaBroker kafka) throws Exception {
        DemoProblems problems = DemoProblems.bundled();

        HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(
                        URI.create(gateway + "/v1/jobs?samples=2&" + QUICK_DECODING))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(problems.ndjson()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(json(submitted.body()).path("jobId").asString());
        assertThat(submitted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/v1/jobs/" + jobId));

        JsonNode job = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/v1/jobs/" + jobId), response -> response.statusCode() == 200)
                .body().transform(JobSubmissionEndToEndTest::json);
        assertThat(job.path("jobId").asString()).isEqualTo(jobId.toString());
        assertThat(job.path("state").asString()).isIn(UNVERIFIED);
        assertThat(job.path("samplesPerTask").asInt()).isEqualTo(2);
        assertThat(job.path("counts").path("tasks").asInt()).isEqualTo(5);

        HttpResponse<String> tasksResponse = get("/v1/jobs/" + jobId + "/tasks");
        assertThat(tasksResponse.statusCode()).isEqualTo(200);
        List<String> taskIds = new ArrayList<>();
        List<String> taskKeys = new ArrayList<>();
        for (JsonNode task : json(tasksResponse.body()).path("items")) {
            taskIds.add(task.path("taskId").asString());
            taskKeys.add(task.path("taskKey").asString());
            assertThat(task.path("state").asString()).isIn(UNVERIFIED);
        }
        assertThat(taskIds).containsExactlyElementsOf(problems.taskIds());
        List<String> expectedKeys = IntStream.range(0, 5).mapToObj(i -> Ids.taskKey(jobId, i)).toList();
        assertThat(taskKeys).containsExactlyElementsOf(expectedKeys);

        // the work is queued for the generation workers, one request per task, keyed by task key
        assertThat(recordsOfJob(kafka, Topics.GENERATION, jobId, 5).keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys);

        // and the generation worker answers each with one batch of candidates, keyed by task key
        Map<String, String> batches = recordsOfJob(kafka, Topics.CANDIDATES, jobId, 5);
        assertThat(batches.keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        batches.forEach((taskKey, value) -> {
            CandidateBatch batch = PipelineJson.fromJson(value, CandidateBatch.class);
            assertThat(batch.jobId()).isEqualTo(jobId);
            assertThat(batch.taskKey()).isEqualTo(taskKey);
            assertThat(batch.model().name()).isEqualTo("tiny-checkpoint");
            assertThat(batch.candidates()).extracting(Candidate::candidateId)
                    .containsExactly(taskKey + "/0", taskKey + "/1");
            assertThat(batch.candidates()).allSatisfy(candidate -> {
                assertThat(candidate.forwardPasses()).isBetween(1, 16);
                assertThat(candidate.tokenIds()).hasSizeLessThanOrEqualTo(16);
            });
        });
    }

    @Test
    void theDemoFollowsItsJobUntilStoredAndQueued() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        DemoJob demo = new DemoJob(new GatewayClient(gateway, API_KEY),
                PipelineServices.processesJobsToTheEnd(services), new ProgressLine(out, false), out);
        // one problem and one sample: the worker decodes the demo's default 256 steps in the background
        byte[] firstProblem = new String(DemoProblems.bundled().ndjson(), StandardCharsets.UTF_8).lines().findFirst()
                .orElseThrow().getBytes(StandardCharsets.UTF_8);

        DemoJob.Outcome outcome = demo.run(DemoProblems.parse("first.jsonl", firstProblem), 1);

        assertThat(outcome.succeeded()).as(outcome.message() + "\n" + printed).isTrue();
        assertThat(outcome.workersRan()).as("no verification worker runs yet").isFalse();
        assertThat(outcome.tasks()).extracting(DemoJob.TaskLine::state).hasSize(1).allMatch(UNVERIFIED::contains);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(", 1 tasks");
    }

    @Test
    void aRequestWithoutTheKeyIsRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + UUID.randomUUID()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    /** Key and value of the first {@code count} records of the job on {@code topic}, read from its beginning. */
    private static Map<String, String> recordsOfJob(EmbeddedKafkaBroker kafka, String topic, UUID jobId, int count) {
        Map<String, Object> config = KafkaTestUtils.consumerProps(kafka, "end-to-end-" + UUID.randomUUID(), false);
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new StringDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(topic));
            Map<String, String> records = new LinkedHashMap<>();
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, String> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
                    if (record.key().startsWith(jobId.toString())) {
                        records.putIfAbsent(record.key(), record.value());
                    }
                }
                return records.size() >= count;
            });
            return records;
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
