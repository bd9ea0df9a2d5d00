package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.JobCompleted;
import io.codesynth.contracts.JobState;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.TaskCompleted;
import io.codesynth.contracts.TaskState;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.contracts.VerificationReport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

/**
 * Jobs travel the whole pipeline: REST into the gateway, through a real Kafka broker and a real PostgreSQL, to the
 * generation worker (a tiny random checkpoint the test writes), the verification worker (every candidate run in
 * its bubblewrap sandbox) and results-service, which ranks, computes pass@k, publishes the results topic and
 * serves the job back through the gateway, live events included. One set of services serves every test.
 */
@EmbeddedKafka(brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class PipelineEndToEndTest {

    /** Short decoding keeps the tests quick on a small machine: the tiny random model writes random text anyway. */
    private static final String QUICK_DECODING = "maxNewTokens=8&steps=8";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static PipelineUnderTest pipeline;
    private static TopicRecords topics;

    @BeforeAll
    static void startServices(EmbeddedKafkaBroker kafka, @TempDir Path dataDir) throws IOException {
        pipeline = PipelineUnderTest.start(kafka.getBrokersAsString(), dataDir, PATIENCE);
        topics = new TopicRecords(kafka.getBrokersAsString());
        assertThat(PipelineServices.processesJobsToTheEnd(pipeline.services())).isTrue();
        assertThat(PipelineServices.sandboxNote(pipeline.services())).as("the banner's note: the sandbox the worker runs")
                .matches("sandbox: bubblewrap [0-9.]+, [0-9]+ slots?");
    }

    @AfterAll
    static void stopServices() throws IOException {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aHumanEvalJobIsStoredGeneratedAndVerified() throws Exception {
        DemoProblems problems = DemoProblems.bundled();

        HttpResponse<String> submitted = pipeline.submit(problems.ndjson(), "samples=2&" + QUICK_DECODING);

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(PipelineUnderTest.json(submitted.body()).path("jobId").asString());
        assertThat(submitted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/v1/jobs/" + jobId));
        JsonNode job = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> pipeline.get("/v1/jobs/" + jobId), response -> response.statusCode() == 200)
                .body().transform(PipelineUnderTest::json);
        assertThat(job.path("samplesPerTask").asInt()).isEqualTo(2);
        assertThat(job.path("counts").path("tasks").asInt()).isEqualTo(5);
        List<String> taskIds = new ArrayList<>();
        List<String> taskKeys = new ArrayList<>();
        for (JsonNode task : pipeline.getJson("/v1/jobs/" + jobId + "/tasks").path("items")) {
            taskIds.add(task.path("taskId").asString());
            taskKeys.add(task.path("taskKey").asString());
        }
        assertThat(taskIds).containsExactlyElementsOf(problems.taskIds());
        List<String> expectedKeys = IntStream.range(0, 5).mapToObj(i -> Ids.taskKey(jobId, i)).toList();
        assertThat(taskKeys).containsExactlyElementsOf(expectedKeys);

        // one generation request per task, answered by one candidate batch, answered by one verification report
        assertThat(awaitRecordsOfJob(Topics.GENERATION, jobId, 5).keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        Map<String, String> batches = awaitRecordsOfJob(Topics.CANDIDATES, jobId, 5);
        assertThat(batches.keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        batches.forEach((taskKey, value) -> {
            CandidateBatch batch = PipelineJson.fromJson(value, CandidateBatch.class);
            assertThat(batch.taskKey()).isEqualTo(taskKey);
            assertThat(batch.model().name()).isEqualTo(PipelineUnderTest.MODEL_NAME);
            assertThat(batch.candidates()).extracting(Candidate::candidateId).containsExactly(taskKey + "/0", taskKey + "/1");
            assertThat(batch.candidates()).allSatisfy(candidate -> {
                assertThat(candidate.forwardPasses()).isBetween(1, 8);
                assertThat(candidate.tokenIds()).hasSizeLessThanOrEqualTo(8);
            });
        });
        Map<String, String> reports = awaitRecordsOfJob(Topics.VERDICTS, jobId, 5);
        assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        reports.forEach((taskKey, value) -> {
            VerificationReport report = PipelineJson.fromJson(value, VerificationReport.class);
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
    void aJobIsRankedScoredAndPublishedOnceAndAReplayChangesNothing() throws Exception {
        byte[] problems = TestProblems.ndjson(TestProblems.ALWAYS_PASSES, TestProblems.ALWAYS_PASSES_TOO,
                TestProblems.bundled("HumanEval/23"));

        UUID jobId = pipeline.submitted(problems, "samples=4&seed=11&" + QUICK_DECODING);

        JsonNode job = pipeline.awaitFinal(jobId, PATIENCE);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo(JobState.COMPLETED.name());
        List<String> taskKeys = IntStream.range(0, 3).mapToObj(i -> Ids.taskKey(jobId, i)).toList();
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        for (JsonNode task : pipeline.getJson("/v1/jobs/" + jobId + "/tasks?candidates=all").path("items")) {
            tasks.put(task.path("taskKey").asString(), task);
        }
        assertThat(tasks.keySet()).containsExactlyElementsOf(taskKeys);

        Map<String, List<ResultsTables.StoredCandidate>> stored;
        try (Connection db = pipeline.database()) {
            stored = ResultsTables.byTask(ResultsTables.candidates(db, jobId));
        }
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(taskKeys);
        List<Double> taskPassAt1 = new ArrayList<>();
        for (String taskKey : taskKeys) {
            List<ResultsTables.StoredCandidate> candidates = stored.get(taskKey);
            assertThat(candidates).as("every candidate has a verdict").hasSize(4)
                    .allSatisfy(candidate -> assertThat(candidate.verdict()).isNotNull());
            // ranks 1..n in the order the rules give the stored verdicts, with the clusters they imply
            assertThat(candidates).extracting(ResultsTables.StoredCandidate::rank).containsExactly(1, 2, 3, 4);
            assertThat(candidates).extracting(ResultsTables.StoredCandidate::candidateId)
                    .containsExactlyElementsOf(ResultsTables.expectedOrder(candidates));
            Map<String, Integer> clusters = ResultsTables.clusterSizes(candidates);
            assertThat(candidates).allSatisfy(candidate ->
                    assertThat(candidate.clusterSize()).isEqualTo(clusters.get(candidate.candidateId())));
            // and the API shows them in that order
            JsonNode task = tasks.get(taskKey);
            assertThat(task.path("state").asString()).isEqualTo(TaskState.COMPLETED.name());
            List<String> shown = new ArrayList<>();
            task.path("candidates").forEach(candidate -> shown.add(candidate.path("candidateId").asString()));
            assertThat(shown).containsExactlyElementsOf(ResultsTables.expectedOrder(candidates));
            // pass@k from the stored verdicts: n = 4 samples allow pass@1 only
            int passed = (int) candidates.stream().filter(ResultsTables.StoredCandidate::passed).count();
            double expected = ResultsTables.passAtK(4, passed, 1);
            assertThat(task.path("passAtK").propertyNames()).containsExactly("pass@1");
            assertThat(task.path("passAtK").path("pass@1").asDouble()).isCloseTo(expected, within(1e-9));
            taskPassAt1.add(expected);
        }
        assertThat(Stream.concat(stored.get(taskKeys.get(0)).stream(), stored.get(taskKeys.get(1)).stream()))
                .as("the problems any completion passes exercise the PASSED path")
                .anySatisfy(candidate -> assertThat(candidate.passed()).isTrue());
        double jobPassAt1 = taskPassAt1.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(job.path("passAtK").propertyNames()).containsExactly("pass@1");
        assertThat(job.path("passAtK").path("pass@1").asDouble()).isCloseTo(jobPassAt1, within(1e-9));

        List<ConsumerRecord<String, byte[]>> results = assertPublishedOnce(jobId, taskKeys, stored, jobPassAt1);
        assertAReplayChangesNothing(jobId, results);
    }

    /** The results topic holds exactly one TaskCompleted per task and then one JobCompleted; returns them. */
    private static List<ConsumerRecord<String, byte[]>> assertPublishedOnce(UUID jobId, List<String> taskKeys,
            Map<String, List<ResultsTables.StoredCandidate>> stored, double jobPassAt1) {
        List<ConsumerRecord<String, byte[]>> results = awaitResultsOf(jobId);
        assertThat(results).extracting(PipelineEndToEndTest::type)
                .containsExactly("TaskCompleted", "TaskCompleted", "TaskCompleted", "JobCompleted");
        List<TaskCompleted> taskResults = results.subList(0, 3).stream()
                .map(record -> PipelineJson.fromBytes(record.value(), TaskCompleted.class)).toList();
        assertThat(taskResults).extracting(TaskCompleted::taskKey).containsExactlyInAnyOrderElementsOf(taskKeys);
        assertThat(taskResults).allSatisfy(result -> {
            assertThat(result.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(result.ranked().get(0).candidateId()).isEqualTo(stored.get(result.taskKey()).get(0).candidateId());
        });
        JobCompleted jobResult = PipelineJson.fromBytes(results.get(3).value(), JobCompleted.class);
        assertThat(jobResult.state()).isEqualTo(JobState.COMPLETED);
        assertThat(jobResult.tasksCompleted()).isEqualTo(3);
        assertThat(jobResult.passAtK().get("pass@1")).isCloseTo(jobPassAt1, within(1e-9));
        return results;
    }

    /**
     * Produces the job's candidate batches and verification reports again, exactly as they were: the verification
     * worker verifies the batches again and reports again, results-service reads all of it, and its tables and the
     * results topic stay as they were.
     */
    private static void assertAReplayChangesNothing(UUID jobId, List<ConsumerRecord<String, byte[]>> results)
            throws Exception {
        Map<String, List<Map<String, String>>> before;
        try (Connection db = pipeline.database()) {
            before = ResultsTables.snapshot(db, jobId);
        }
        List<ConsumerRecord<String, byte[]>> batches = topics.read(Topics.CANDIDATES, record -> ofJob(record, jobId));
        List<ConsumerRecord<String, byte[]>> reports = topics.read(Topics.VERDICTS, record -> ofJob(record, jobId));
        assertThat(batches).hasSize(3);
        assertThat(reports).hasSize(3);
        List<ConsumerRecord<String, byte[]>> replay = new ArrayList<>(batches);
        replay.addAll(reports);
        Map<TopicPartition, Long> replayed = TopicRecords.pastSent(topics.reproduce(replay));
        Map<TopicPartition, Long> replayedBatches = replayed.entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(Topics.CANDIDATES))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        topics.awaitConsumed("verification-worker", replayedBatches, PATIENCE);
        topics.awaitConsumed("results-service", replayed, PATIENCE);
        topics.awaitConsumed("results-service",
                TopicRecords.pastRead(topics.read(Topics.VERDICTS, record -> ofJob(record, jobId))), PATIENCE);

        try (Connection db = pipeline.database()) {
            assertThat(ResultsTables.snapshot(db, jobId)).isEqualTo(before);
        }
        assertThat(describe(topics.read(Topics.RESULTS, record -> jobId.toString().equals(record.key()))))
                .containsExactlyElementsOf(describe(results));
    }

    @Test
    void aPoisonedGenerationRequestFailsItsTaskAloneWithTheReasonShown() throws Exception {
        byte[] problems = TestProblems.ndjson(TestProblems.bundled("HumanEval/13"), TestProblems.TOO_LONG_FOR_THE_MODEL,
                TestProblems.bundled("HumanEval/28"));

        UUID jobId = pipeline.submitted(problems, "samples=2&" + QUICK_DECODING);

        JsonNode job = pipeline.awaitFinal(jobId, PATIENCE);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo(JobState.COMPLETED_WITH_ERRORS.name());
        assertThat(job.path("counts").path("completed").asInt()).isEqualTo(2);
        assertThat(job.path("counts").path("failed").asInt()).isEqualTo(1);
        List<JsonNode> tasks = new ArrayList<>();
        pipeline.getJson("/v1/jobs/" + jobId + "/tasks").path("items").forEach(tasks::add);
        assertThat(tasks).extracting(task -> task.path("state").asString())
                .containsExactly("COMPLETED", "FAILED", "COMPLETED");
        String reason = tasks.get(1).path("reason").asString();
        assertThat(reason).startsWith("generation failed: ")
                .contains("exceeds the model's context of " + PipelineUnderTest.CONTEXT);
        assertThat(tasks.get(0).path("reason").isString()).as("a completed task has no reason").isFalse();

        List<ConsumerRecord<String, byte[]>> results = awaitResultsOf(jobId);
        assertThat(results).extracting(PipelineEndToEndTest::type)
                .containsExactly("TaskCompleted", "TaskCompleted", "TaskCompleted", "JobCompleted");
        TaskCompleted failed = results.subList(0, 3).stream()
                .map(record -> PipelineJson.fromBytes(record.value(), TaskCompleted.class))
                .filter(result -> result.taskKey().equals(Ids.taskKey(jobId, 1)))
                .collect(onlyElement());
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.ranked()).isEmpty();
        JobCompleted jobResult = PipelineJson.fromBytes(results.get(3).value(), JobCompleted.class);
        assertThat(jobResult.state()).isEqualTo(JobState.COMPLETED_WITH_ERRORS);
        assertThat(jobResult.tasksFailed()).isEqualTo(1);
    }

    @Test
    void theDemoFollowsItsJobsEventsAndPrintsTheSummary() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        GatewayClient gateway = new GatewayClient(pipeline.gateway(), pipeline.apiKey());
        AtomicInteger streamsOpened = new AtomicInteger();
        DemoJob demo = demo(gateway, jobId -> {
            streamsOpened.incrementAndGet();
            return gateway.events(jobId);
        }, out);

        // 128 steps keep the job running well past the demo's first sight of it, so the stream is opened
        // before the job can finish (a job that is already final when first seen is never streamed)
        DemoJob.Outcome outcome = demo.run(DemoProblems.parse("identity.jsonl", TestProblems.ndjson(TestProblems.ALWAYS_PASSES)),
                new DemoSettings(2, 128, 128, 0.4));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(outcome.succeeded()).as(text + outcome.message()).isTrue();
        assertThat(outcome.state()).isEqualTo(JobState.COMPLETED);
        assertThat(outcome.exitStatus()).isZero();
        assertThat(streamsOpened).as("the job's event stream was followed").hasValue(1);
        assertThat(text).contains("submitting 1 problem (identity.jsonl, HumanEval format) to the gateway, 2 samples"
                + " each, 128 new tokens in 128 steps at temperature 0.4 ...",
                "[##########] 1/1 generated · 1/1 verified · 1/1 completed (");
        assertThat(outcome.tasks()).singleElement().satisfies(task -> {
            assertThat(task.taskId()).isEqualTo("CodeSynth/identity");
            assertThat(task.state()).isEqualTo("COMPLETED");
            assertThat(task.best()).isNotNull();
        });
        List<String> summary = DemoSummary.lines(outcome.job(), outcome.tasks());
        assertThat(summary.get(0)).startsWith("job " + outcome.jobId() + ": COMPLETED in ")
                .endsWith(" · 1 tasks × 2 samples · 128 new tokens in 128 steps");
        assertThat(summary).anySatisfy(line -> assertThat(line).startsWith("  CodeSynth/identity  COMPLETED  "))
                .anySatisfy(line -> assertThat(line).startsWith("pass@1 "));
    }

    @Test
    void withoutItsEventStreamTheDemoPollsTheJob() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        GatewayClient gateway = new GatewayClient(pipeline.gateway(), pipeline.apiKey());
        DemoJob demo = demo(gateway, jobId -> {
            throw new IOException("no event streams in this test");
        }, out);

        DemoJob.Outcome outcome = demo.run(DemoProblems.parse("identity.jsonl", TestProblems.ndjson(TestProblems.ALWAYS_PASSES)),
                new DemoSettings(1, 8, 8, 0.4));

        assertThat(outcome.succeeded()).as(printed.toString(StandardCharsets.UTF_8) + outcome.message()).isTrue();
        assertThat(outcome.state()).isEqualTo(JobState.COMPLETED);
        assertThat(outcome.tasks()).extracting(DemoTask::state).containsExactly("COMPLETED");
    }

    @Test
    void aRequestWithoutTheKeyIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(pipeline.gateway() + "/v1/jobs/" + UUID.randomUUID())).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static DemoJob demo(GatewayClient gateway, JobEventStream.Opener events, PrintStream out) {
        // short deadlines: a job that does not finish must be reported within the test's patience
        DemoDeadlines deadlines = new DemoDeadlines(PATIENCE, Duration.ofMinutes(4), PATIENCE, Duration.ofSeconds(30));
        return new DemoJob(gateway, events, PipelineServices.processesJobsToTheEnd(pipeline.services()),
                new ProgressLine(out, false), out, deadlines);
    }

    private static boolean ofJob(ConsumerRecord<String, byte[]> record, UUID jobId) {
        return record.key() != null && record.key().startsWith(jobId + "/");
    }

    /** The job's records on the results topic, once its JobCompleted is there. */
    private static List<ConsumerRecord<String, byte[]>> awaitResultsOf(UUID jobId) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> topics.read(Topics.RESULTS, record -> jobId.toString().equals(record.key())),
                        records -> records.stream().anyMatch(record -> type(record).equals("JobCompleted")));
    }

    /** Key and value of each of the job's first {@code count} task records on {@code topic}, by task key. */
    private static Map<String, String> awaitRecordsOfJob(String topic, UUID jobId, int count) {
        List<ConsumerRecord<String, byte[]>> records = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> topics.read(topic, record -> ofJob(record, jobId)), read -> read.size() >= count);
        Map<String, String> byKey = new LinkedHashMap<>();
        records.forEach(record -> byKey.putIfAbsent(record.key(), new String(record.value(), StandardCharsets.UTF_8)));
        return byKey;
    }

    private static String type(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(Topics.TYPE_HEADER);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Partition, offset, key, type and value of each record: what a subscriber of the topic sees. */
    private static List<String> describe(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> record.partition() + "@" + record.offset() + " " + record.key() + " "
                + type(record) + " " + new String(record.value(), StandardCharsets.UTF_8)).toList();
    }

    private static <T> Collector<T, ?, T> onlyElement() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
