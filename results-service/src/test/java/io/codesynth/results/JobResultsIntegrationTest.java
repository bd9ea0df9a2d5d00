package io.codesynth.results;

import static io.codesynth.results.TestMessages.Verdict.failed;
import static io.codesynth.results.TestMessages.Verdict.passed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.JobCompleted;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.TaskCompleted;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.VerificationReport;
import io.codesynth.results.ApiClient.Response;
import io.codesynth.results.ranking.PassAtK;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;

/**
 * From candidate batches and verification reports to ranked tasks, pass@k, the public results topic
 * and the read API, with the generation and verification workers played by the test.
 */
class JobResultsIntegrationTest extends ServiceTestBase {

    private static final String GROUP = "results-service";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static KafkaTestClient kafka;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @LocalServerPort
    int port;

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        kafka = new KafkaTestClient(broker.getBrokersAsString());
    }

    @AfterAll
    static void closeClients() {
        kafka.close();
    }

    @Test
    void ranksTheTasksComputesPassAtKAndPublishesEachResultOnce() {
        JobSubmitted job = TestJobs.job("acme", 3, 4);
        kafka.publish(job);
        runTask0(job);
        // task 1: the report overtakes its batch
        kafka.publish(TestMessages.report(job, 1, failed("ff"), failed("ff"), failed("ff"), failed("pf")));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM results.verdicts WHERE task_key = ?",
                key(job, 1)) == 4);
        assertThat(taskState(job, 1)).isEqualTo("QUEUED");
        kafka.publish(TestMessages.batch(job, 1, 0.5, 0.5, 0.5, 0.5));
        kafka.publish(TestMessages.batch(job, 2, 0.7, 0.9, 0.3, 0.4));
        kafka.publish(TestMessages.report(job, 2, passed("pp").heldOut(1, 1), passed("pp").heldOut(0, 1),
                failed("pf").heldOut(1, 1), failed("ff").heldOut(0, 1)));

        JsonNode view = awaitJobState(job.jobId(), "COMPLETED");

        assertThat(view.get("progress")).isEqualTo(json("""
                {"tasks": {"total": 3, "generated": 3, "verified": 3, "completed": 3, "failed": 0},
                 "candidates": {"expected": 12, "generated": 12, "verified": 12, "passed": 5}, "done": 1.0}"""));
        // pass@1 per task: 3/4, 0/4, 2/4; n = 4 < 5 leaves pass@5 and pass@10 undefined
        assertThat(names(view.get("passAtK"))).containsExactly("pass@1");
        assertThat(view.get("passAtK").get("pass@1").asDouble()).isCloseTo((0.75 + 0 + 0.5) / 3, within(1e-9));
        assertThat(view.get("heldOutPassRate").asDouble()).isZero();   // task 2's rank 1 fails its held-out test
        assertThat(view.get("timings").get("firstCandidatesAt").asString()).isEqualTo("2026-01-02T03:05:00Z");
        assertThat(view.get("timings").get("elapsedMillis").asLong()).isPositive();
        assertThat(view.get("completedAt").isNull()).isFalse();

        // ranks follow the rules: passed all, share passed, cluster size, confidence, index
        assertThat(rankedSamples(job, 0)).containsExactly(2, 0, 3, 1);
        assertThat(rankedSamples(job, 1)).containsExactly(3, 0, 1, 2);
        assertThat(rankedSamples(job, 2)).containsExactly(1, 0, 2, 3);
        for (int task = 0; task < 3; task++) {
            assertPassAtKMatchesTheStoredVerdicts(job, task);
        }

        Response tasks = api().get("/v1/jobs/" + job.jobId() + "/tasks", ACME_KEY);
        JsonNode first = tasks.body().get("items").get(0);
        assertThat(first.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(first.get("counts")).isEqualTo(json("{\"generated\": 4, \"verified\": 4, \"passed\": 3}"));
        assertThat(first.get("candidates")).hasSize(1);
        JsonNode top = first.get("candidates").get(0);
        assertThat(top.get("rank").asInt()).isEqualTo(1);
        assertThat(top.get("sampleIndex").asInt()).isEqualTo(2);
        assertThat(top.get("rankReason").asString()).isEqualTo("rank 1: passed 2/2, cluster of 2, confidence 0.80");
        assertThat(top.get("verdict").get("verdict").asString()).isEqualTo("PASSED");
        assertThat(top.get("completion").asString()).contains("sample 2");
        assertThat(top.has("tokenIds")).isFalse();

        JsonNode task2 = api().get("/v1/jobs/" + job.jobId() + "/tasks/2", ACME_KEY).body();
        assertThat(task2.get("taskId").asString()).isEqualTo("Mbpp/2");
        assertThat(task2.get("candidates")).hasSize(4);
        assertThat(task2.get("candidates").get(0).get("verdict").get("heldOut"))
                .isEqualTo(json("{\"passed\": 0, \"total\": 1}"));
        assertThat(task2.get("candidates").get(0).get("revealSteps")).isEqualTo(json("[2, 0, 1]"));
        assertThat(task2.get("heldOutPassRate").asDouble()).isZero();

        List<ConsumerRecord<String, byte[]>> results = resultsOf(job.jobId());
        assertThat(results).extracting(ConsumerRecord::topic).containsOnly(Topics.RESULTS);
        assertThat(results).extracting(record -> header(record, Topics.TYPE_HEADER))
                .containsExactly("TaskCompleted", "TaskCompleted", "TaskCompleted", "JobCompleted");
        List<TaskCompleted> taskResults = results.subList(0, 3).stream()
                .map(record -> PipelineJson.fromBytes(record.value(), TaskCompleted.class)).toList();
        assertThat(taskResults).extracting(TaskCompleted::taskKey)
                .containsExactlyInAnyOrder(key(job, 0), key(job, 1), key(job, 2));
        assertThat(taskResults).allSatisfy(result -> assertThat(result.ranked()).hasSize(4));
        JobCompleted done = PipelineJson.fromBytes(results.get(3).value(), JobCompleted.class);
        assertThat(done.tasksCompleted()).isEqualTo(3);
        assertThat(done.passAtK().get("pass@1")).isCloseTo((0.75 + 0 + 0.5) / 3, within(1e-9));
    }

    @Test
    void everyCandidateNamesTheWorkersThatGeneratedAndVerifiedItAndTheJobShowsTheSpread() {
        JobSubmitted job = TestJobs.job("acme", 3, 4);
        kafka.publish(job);
        // task 0: decoded by gen-a; its verdicts came in two reports from two verification workers
        kafka.publish(TestMessages.batchBy("gen-a/11", job, 0, 0.6, 0.9, 0.8, 0.7));
        VerificationReport task0 = TestMessages.reportBy(null, job, 0, passed("pp"), failed("pf"), passed("pp"),
                passed("pP"));
        kafka.publish(part(task0, "verify-x/21", 0, 1));
        kafka.publish(part(task0, "verify-y/22", 2, 3));
        // task 1: decoded by another generation worker
        kafka.publish(TestMessages.batchBy("gen-b/12", job, 1, 0.5, 0.5, 0.5, 0.5));
        kafka.publish(TestMessages.reportBy("verify-x/21", job, 1, failed("ff"), failed("ff"), failed("ff"),
                failed("pf")));
        // task 2: workers that predate worker ids
        kafka.publish(TestMessages.batchBy(null, job, 2, 0.7, 0.9, 0.3, 0.4));
        kafka.publish(TestMessages.reportBy(null, job, 2, passed("pp").heldOut(1, 1), passed("pp").heldOut(0, 1),
                failed("pf").heldOut(1, 1), failed("ff").heldOut(0, 1)));

        JsonNode view = awaitJobState(job.jobId(), "COMPLETED");

        assertThat(view.get("workers")).isEqualTo(json("""
                {"generation": {"gen-a/11": 4, "gen-b/12": 4},
                 "verification": {"verify-x/21": 6, "verify-y/22": 2}}"""));
        assertThat(names(view.get("workers").get("generation"))).containsExactly("gen-a/11", "gen-b/12");
        JsonNode first = api().get("/v1/jobs/" + job.jobId() + "/tasks/0", ACME_KEY).body();
        Map<Integer, String> generatedBy = new HashMap<>();
        Map<Integer, String> verifiedBy = new HashMap<>();
        first.get("candidates").forEach(candidate -> {
            generatedBy.put(candidate.get("sampleIndex").asInt(), candidate.get("generatedBy").asString());
            verifiedBy.put(candidate.get("sampleIndex").asInt(), candidate.get("verifiedBy").asString());
        });
        assertThat(generatedBy).isEqualTo(Map.of(0, "gen-a/11", 1, "gen-a/11", 2, "gen-a/11", 3, "gen-a/11"));
        assertThat(verifiedBy).isEqualTo(Map.of(0, "verify-x/21", 1, "verify-x/21", 2, "verify-y/22",
                3, "verify-y/22"));

        JsonNode tasks = api().get("/v1/jobs/" + job.jobId() + "/tasks?candidates=all", ACME_KEY).body();
        assertThat(tasks.get("items").get(1).get("candidates")).hasSize(4).allSatisfy(candidate -> {
            assertThat(candidate.get("generatedBy").asString()).isEqualTo("gen-b/12");
            assertThat(candidate.get("verifiedBy").asString()).isEqualTo("verify-x/21");
        });
        // unknown workers are null, and not counted in the job's spread
        assertThat(tasks.get("items").get(2).get("candidates")).hasSize(4).allSatisfy(candidate -> {
            assertThat(candidate.has("generatedBy")).isTrue();
            assertThat(candidate.get("generatedBy").isNull()).isTrue();
            assertThat(candidate.get("verifiedBy").isNull()).isTrue();
        });
        JsonNode top = api().get("/v1/jobs/" + job.jobId() + "/tasks", ACME_KEY).body().get("items").get(0)
                .get("candidates").get(0);
        assertThat(top.get("sampleIndex").asInt()).isEqualTo(2);
        assertThat(top.get("generatedBy").asString()).isEqualTo("gen-a/11");
        assertThat(top.get("verifiedBy").asString()).isEqualTo("verify-y/22");
    }

    @Test
    void aJobWithoutCandidatesShowsNoWorkers() {
        JobSubmitted job = TestJobs.job("acme", 1, 2);
        kafka.publish(job);

        JsonNode view = await().atMost(PATIENCE).until(() -> api().get("/v1/jobs/" + job.jobId(), ACME_KEY),
                response -> response.status() == 200).body();

        assertThat(view.get("workers")).isEqualTo(json("{\"generation\": {}, \"verification\": {}}"));
    }

    @Test
    void replayingTheCandidatesAndVerdictsTopicsChangesNoTableAndNoResult() throws Exception {
        JobSubmitted job = TestJobs.job("acme", 2, 4);
        kafka.publish(job);
        runTask0(job);
        kafka.publish(TestMessages.batch(job, 1, 0.5, 0.6, 0.7, 0.8));
        kafka.publish(TestMessages.report(job, 1, passed("p"), failed("f"), failed("f"), passed("p")));
        awaitJobState(job.jobId(), "COMPLETED");
        List<String> topics = List.of(Topics.JOBS, Topics.CANDIDATES, Topics.VERDICTS);
        kafka.awaitCaughtUp(GROUP, topics);
        awaitEverythingPublished();
        Map<String, List<String>> tablesBefore = tables();
        List<String> resultsBefore = messageIds(kafka.readAll(Topics.RESULTS));
        assertThat(resultsBefore).contains("TaskCompleted:" + key(job, 0), "TaskCompleted:" + key(job, 1),
                "JobCompleted:" + job.jobId());

        listeners.stop();
        kafka.rewind(GROUP, List.of(Topics.CANDIDATES, Topics.VERDICTS));
        listeners.start();

        kafka.awaitCaughtUp(GROUP, topics);
        awaitEverythingPublished();
        assertThat(tables()).isEqualTo(tablesBefore);
        List<String> resultsAfter = messageIds(kafka.readAll(Topics.RESULTS));
        assertThat(resultsAfter).isEqualTo(resultsBefore);
        assertThat(resultsAfter).doesNotHaveDuplicates();
    }

    @Test
    void aPoisonedGenerationRequestFailsItsTaskWhileTheOthersComplete() {
        JobSubmitted job = TestJobs.job("acme", 3, 4);
        kafka.publish(job);
        // what the generation worker does with a request it cannot decode: the same key, the reason in a header
        ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(Topics.dlt(Topics.GENERATION),
                key(job, 1), "{\"not\": \"a request\"}".getBytes(StandardCharsets.UTF_8));
        deadLetter.headers().add("codesynth-dlt-reason",
                "not a valid GenerationRequest: problem is required".getBytes(StandardCharsets.UTF_8));
        kafka.send(deadLetter);
        runTask0(job);
        kafka.publish(TestMessages.batch(job, 2, 0.5));
        kafka.publish(TestMessages.report(job, 2, passed("pp")));

        JsonNode view = awaitJobState(job.jobId(), "COMPLETED_WITH_ERRORS");

        assertThat(view.get("error").asString())
                .isEqualTo("1 of 3 tasks failed; first: HumanEval/1: generation failed: not a valid GenerationRequest:"
                        + " problem is required");
        JsonNode failedTask = api().get("/v1/jobs/" + job.jobId() + "/tasks/1", ACME_KEY).body();
        assertThat(failedTask.get("state").asString()).isEqualTo("FAILED");
        assertThat(failedTask.get("reason").asString())
                .isEqualTo("generation failed: not a valid GenerationRequest: problem is required");
        assertThat(view.get("progress").get("tasks").get("completed").asInt()).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> results = resultsOf(job.jobId());
        assertThat(results).hasSize(4);
        JobCompleted done = PipelineJson.fromBytes(results.getLast().value(), JobCompleted.class);
        assertThat(done.tasksFailed()).isEqualTo(1);
        assertThat(done.state().name()).isEqualTo("COMPLETED_WITH_ERRORS");
    }

    @Test
    void samplesFilesHoldTheRankOneOrEveryCandidate() {
        JobSubmitted job = TestJobs.job("acme", 1, 4);
        kafka.publish(job);
        runTask0(job);
        awaitJobState(job.jobId(), "COMPLETED");

        Response rank1 = api().getText("/v1/jobs/" + job.jobId() + "/samples.jsonl", ACME_KEY);
        assertThat(rank1.status()).isEqualTo(200);
        assertThat(rank1.contentType()).startsWith("application/jsonl");
        assertThat(rank1.text().lines().toList()).containsExactly(
                "{\"task_id\":\"HumanEval/0\",\"completion\":\"    return a + b  # sample 2\\n\"}");
        List<String> all = api().getText("/v1/jobs/" + job.jobId() + "/samples.jsonl?candidates=all", ACME_KEY)
                .text().lines().toList();
        assertThat(all).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("{\"task_id\":\"HumanEval/0\""));
        assertThat(all.getFirst()).contains("sample 2");
        assertThat(api().get("/v1/jobs/" + job.jobId() + "/samples.jsonl?candidates=best", ACME_KEY).status())
                .isEqualTo(400);
        assertThat(api().get("/v1/jobs/" + job.jobId() + "/samples.jsonl", GLOBEX_KEY).status()).isEqualTo(403);
        assertThat(api().get("/v1/jobs/" + job.jobId() + "/tasks/7", ACME_KEY).status()).isEqualTo(404);
        assertThat(api().get("/v1/jobs/" + job.jobId() + "/tasks/HumanEval-0", ACME_KEY).body().get("detail")
                .asString()).contains("addressed by their index");
    }

    /** Task 0 of a job: four candidates, ranked 2, 0, 3, 1; three pass. */
    private static void runTask0(JobSubmitted job) {
        kafka.publish(TestMessages.batch(job, 0, 0.6, 0.9, 0.8, 0.7));
        kafka.publish(TestMessages.report(job, 0, passed("pp"), failed("pf"), passed("pp"), passed("pP")));
    }

    /** The verdicts of some samples of a report, as another report (its own id) of another worker. */
    private static VerificationReport part(VerificationReport report, String worker, int... samples) {
        List<CandidateVerdict> verdicts = Arrays.stream(samples).mapToObj(report.verdicts()::get).toList();
        return new VerificationReport(report.schemaVersion(), report.reportId() + "/part-" + samples[0],
                report.jobId(), report.tenantId(), report.taskKey(), verdicts, report.verifiedAt(), worker);
    }

    private void assertPassAtKMatchesTheStoredVerdicts(JobSubmitted job, int task) {
        int n = (int) count("SELECT count(*) FROM results.verdicts WHERE task_key = ?", key(job, task));
        int c = (int) count("SELECT count(*) FROM results.verdicts WHERE task_key = ? AND verdict = 'PASSED'",
                key(job, task));
        JsonNode view = api().get("/v1/jobs/" + job.jobId() + "/tasks/" + task, ACME_KEY).body();
        Map<String, Double> expected = PassAtK.of(n, c);
        Map<String, Double> actual = new HashMap<>();
        view.get("passAtK").properties().forEach(entry -> actual.put(entry.getKey(), entry.getValue().asDouble()));
        assertThat(actual).isEqualTo(expected);
    }

    private void awaitEverythingPublished() {
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM results.outbox WHERE sent_at IS NULL") == 0);
    }

    /** The results of a final job, up to its JobCompleted. */
    private List<ConsumerRecord<String, byte[]>> resultsOf(UUID jobId) {
        awaitEverythingPublished();
        // the relay marks its rows sent once its Kafka transaction committed, but the commit markers reach the
        // partition a moment later, and until then a read_committed reader ends before the transaction's records
        return await().atMost(PATIENCE).until(() -> kafka.readAll(Topics.RESULTS).stream()
                        .filter(record -> jobId.toString().equals(record.key())).toList(),
                records -> records.stream().anyMatch(record -> "JobCompleted".equals(header(record, Topics.TYPE_HEADER))));
    }

    private static List<String> messageIds(List<ConsumerRecord<String, byte[]>> records) {
        List<String> ids = new ArrayList<>();
        records.forEach(record -> ids.add(header(record, "codesynth-message-id")));
        ids.sort(String::compareTo);
        return ids;
    }

    private List<Integer> rankedSamples(JobSubmitted job, int task) {
        return jdbc.queryForList("SELECT sample_index FROM results.candidates WHERE task_key = ? ORDER BY rank",
                Integer.class, key(job, task));
    }

    /** Every row of every table of the service, as JSON text, in a stable order. */
    private Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new HashMap<>();
        for (String table : List.of("jobs", "tasks", "candidates", "verdicts", "candidate_batches",
                "verification_reports", "task_failures", "processed_messages", "outbox", "outbox_positions")) {
            tables.put(table, jdbc.queryForList(
                    "SELECT to_jsonb(t)::text AS row FROM results." + table + " t ORDER BY 1", String.class));
        }
        return tables;
    }

    private JsonNode awaitJobState(UUID jobId, String state) {
        return await().atMost(PATIENCE).until(() -> api().get("/v1/jobs/" + jobId, ACME_KEY),
                response -> response.status() == 200 && response.body().get("state").asString().equals(state)).body();
    }

    private String taskState(JobSubmitted job, int task) {
        return jdbc.queryForObject("SELECT state FROM results.tasks WHERE task_key = ?", String.class, key(job, task));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private static String key(JobSubmitted job, int task) {
        return job.tasks().get(task).taskKey();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private static JsonNode json(String json) {
        return PipelineJson.mapper().readTree(json);
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
