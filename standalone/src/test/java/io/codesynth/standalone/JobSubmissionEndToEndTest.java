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
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.TaskState;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.contracts.VerificationReport;
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
 * A HumanEval job travels from REST through a real Kafka broker into a real PostgreSQL, on to the
 * generation worker, which decodes it with a tiny random checkpoint the test writes, and on to the
 * verification worker, which runs every candidate in its bubblewrap sandbox: all four services run as the
 * standalone runs them (same context-building code, free ports), the job and its tasks are read back
 * through the gateway, and the candidate batches and verification reports are read from their topics.
 */
@EmbeddedKafka(brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class JobSubmissionEndToEndTest {

    private static final String API_KEY = ApiKeys.generateKey();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Short decoding keeps the test quick on a small machine: the tiny random model writes random text anyway. */
    private static final String QUICK_DECODING = "maxNewTokens=16&steps=16";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

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
        Map<PortSetting, Integer> freePorts = Map.of(PortSetting.GATEWAY, 0, PortSetting.RESULTS, 0,
                PortSetting.GENERATION, 0, PortSetting.VERIFICATION, 0);
        services = ServiceContexts.start(PipelineServices.all(new RunSettings(dataDir, Optional.of(modelDir), false)),
                environment, freePorts);
        gateway = services.url(PipelineServices.GATEWAY_SERVICE);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ServiceReadiness.Outcome readiness = new ServiceReadiness(out, new ProgressLine(out, false), PATIENCE).await(services);
        assertThat(readiness.succeeded()).as(readiness.failure()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .as("each worker's ready line; the generation worker's names the model it loaded")
                .contains("verification-worker is ready")
                .anySatisfy(line -> assertThat(line).startsWith("generation-worker is ready: model tiny-checkpoint, ")
                        .endsWith(" parameters on cpu as float32 (random weights)"));
        assertThat(PipelineServices.processesJobsToTheEnd(services)).isTrue();
        assertThat(PipelineServices.sandboxNote(services)).as("the banner's note: the sandbox the worker runs")
                .matches("sandbox: bubblewrap [0-9.]+, [0-9]+ slots?");
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
    void aHumanEvalJobIsStoredGeneratedAndVerified(EmbeddedKafkaBroker kafka) throws Exception {
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
        assertThat(job.path("samplesPerTask").asInt()).isEqualTo(2);
        assertThat(job.path("counts").path("tasks").asInt()).isEqualTo(5);

        HttpResponse<String> tasksResponse = get("/v1/jobs/" + jobId + "/tasks");
        assertThat(tasksResponse.statusCode()).isEqualTo(200);
        List<String> taskIds = new ArrayList<>();
        List<String> taskKeys = new ArrayList<>();
        for (JsonNode task : json(tasksResponse.body()).path("items")) {
            taskIds.add(task.path("taskId").asString());
            taskKeys.add(task.path("taskKey").asString());
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

        // and the verification worker answers each batch with one report: a sandboxed verdict per candidate
        Map<String, String> reports = recordsOfJob(kafka, Topics.VERDICTS, jobId, 5);
        assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        reports.forEach((taskKey, value) -> {
            VerificationReport report = PipelineJson.fromJson(value, VerificationReport.class);
            assertThat(report.jobId()).isEqualTo(jobId);
            assertThat(report.taskKey()).isEqualTo(taskKey);
            assertThat(report.verdicts()).extracting(CandidateVerdict::candidateId)
                    .containsExactly(taskKey + "/0", taskKey + "/1");
            assertThat(report.verdicts()).allSatisfy(verdict -> {
                assertThat(verdict.sandboxed()).isTrue();
                // random text: any verdict about the candidate, but the sandbox itself must have worked
                assertThat(verdict.verdict()).isNotEqualTo(VerdictKind.SANDBOX_ERROR);
            });
        });
    }

    @Test
    void theDemoFollowsItsJobToAFinalStateOrSaysWhyItStoppedWaiting() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        // short deadlines: a job that is verified but not completed must be reported soon, not waited on for minutes
        DemoDeadlines deadlines = new DemoDeadlines(PATIENCE, Duration.ofMinutes(4), PATIENCE, Duration.ofSeconds(20));
        DemoJob demo = new DemoJob(new GatewayClient(gateway, API_KEY),
                PipelineServices.processesJobsToTheEnd(services), new ProgressLine(out, false), out, deadlines);
        // one problem and one sample: the worker decodes the demo's default settings
        byte[] firstProblem = new String(DemoProblems.bundled().ndjson(), StandardCharsets.UTF_8).lines().findFirst()
                .orElseThrow().getBytes(StandardCharsets.UTF_8);

        DemoJob.Outcome outcome = demo.run(DemoProblems.parse("first.jsonl", firstProblem), 1);

        assertThat(outcome.workersRan()).as("both workers run").isTrue();
        assertThat(outcome.jobId()).isNotNull();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(", 1 tasks");
        if (outcome.succeeded()) {
            assertThat(outcome.state().isFinal()).as(outcome.state().name()).isTrue();
            assertThat(outcome.tasks()).extracting(DemoJob.TaskLine::state).hasSize(1)
                    .allMatch(state -> TaskState.valueOf(state).isFinal());
        } else {
            // a results-service that does not complete jobs yet: the demo says so instead of claiming success
            assertThat(outcome.message()).as(printed.toString(StandardCharsets.UTF_8))
                    .startsWith("every task of job " + outcome.jobId() + " has its verification report, but the job did"
                            + " not reach a final state within 20 s");
            assertThat(outcome.state()).isNotNull();
            assertThat(outcome.state().isFinal()).isFalse();
        }
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
