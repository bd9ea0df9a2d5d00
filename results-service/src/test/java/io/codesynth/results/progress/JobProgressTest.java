package io.codesynth.results.progress;

import static io.codesynth.results.TestMessages.Verdict.failed;
import static io.codesynth.results.TestMessages.Verdict.passed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.codesynth.contracts.JobCompleted;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.RankedCandidate;
import io.codesynth.contracts.TaskCompleted;
import io.codesynth.contracts.TaskState;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.results.TestJobs;
import io.codesynth.results.TestMessages;
import io.codesynth.results.TestPipeline;
import io.codesynth.results.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** Tasks and jobs moving through their states, against a real PostgreSQL, without Kafka or Spring. */
class JobProgressTest {

    private static TestPipeline pipeline;

    @BeforeAll
    static void database() {
        pipeline = new TestPipeline(TestPostgres.migratedDatabase("progress_unit"));
    }

    @Test
    void ranksEachTaskWhenItsVerdictsAreInAndCompletesTheJob() {
        JobSubmitted job = TestJobs.job("acme", 2, 4);
        accept(job);
        assertThat(jobState(job)).isEqualTo("QUEUED");

        pipeline.tasks.acceptBatch(key(job, 0), bytes(TestMessages.batch(job, 0, 0.9, 0.8, 0.7, 0.95)));
        assertThat(taskState(job, 0)).isEqualTo("VERIFYING");
        assertThat(jobState(job)).isEqualTo("GENERATING");

        pipeline.tasks.acceptReport(key(job, 0), bytes(TestMessages.report(job, 0,
                failed("pf"), passed("pp"), passed("pp"), passed("pP"))));
        assertThat(taskState(job, 0)).isEqualTo("COMPLETED");
        // passed first; then the cluster of two ("pp") before the single "pP" despite its higher confidence
        assertThat(ranks(job, 0)).containsExactly(
                "1|1|0|2|rank 1: passed 2/2, cluster of 2, confidence 0.80",
                "2|2|0|2|rank 2: passed 2/2, cluster of 2, confidence 0.70",
                "3|3|1|1|rank 3: passed 2/2, cluster of 1, confidence 0.95",
                "0|4|2|1|rank 4: FAILED, passed 1/2, cluster of 1, confidence 0.90");
        Map<String, Object> task0 = pipeline.jdbc.queryForMap("SELECT * FROM results.tasks WHERE task_key = ?",
                key(job, 0));
        assertThat(task0).containsEntry("candidates_total", 4).containsEntry("candidates_passed", 3)
                .containsEntry("pass_at_5", null).containsEntry("held_out_pass_rate", null);
        assertThat((Double) task0.get("pass_at_1")).isCloseTo(0.75, within(1e-12));
        assertThat(jobState(job)).isEqualTo("GENERATING");

        pipeline.tasks.acceptBatch(key(job, 1), bytes(TestMessages.batch(job, 1, 0.5, 0.6, 0.7, 0.8, 0.9)));
        assertThat(jobState(job)).isEqualTo("VERIFYING");
        pipeline.tasks.acceptReport(key(job, 1), bytes(TestMessages.report(job, 1,
                failed("ff").heldOut(0, 1), failed("ff").heldOut(0, 1), passed("pp").heldOut(1, 1),
                failed("pf").heldOut(1, 1), failed("ff").heldOut(0, 1))));

        assertThat(taskState(job, 1)).isEqualTo("COMPLETED");
        assertThat(jobState(job)).isEqualTo("COMPLETED");
        // task 1: n = 5, c = 1 → pass@1 = 0.2, pass@5 = 1
        Map<String, Object> jobRow = pipeline.jdbc.queryForMap(
                "SELECT pass_at_k::text AS pass_at_k, held_out_pass_rate, completed_at, error FROM results.jobs"
                        + " WHERE job_id = ?", job.jobId());
        Map<String, Double> passAtK = PipelineJson.mapper().readValue((String) jobRow.get("pass_at_k"),
                new TypeReference<Map<String, Double>>() { });
        assertThat(passAtK).containsOnlyKeys("pass@1", "pass@5");
        assertThat(passAtK.get("pass@1")).isCloseTo((0.75 + 0.2) / 2, within(1e-12));
        assertThat(passAtK.get("pass@5")).isCloseTo(1.0, within(1e-12));
        assertThat((Double) jobRow.get("held_out_pass_rate")).isEqualTo(1.0);
        assertThat(jobRow.get("error")).isNull();

        List<TaskCompleted> taskResults = outbox(job, TaskCompleted.class);
        assertThat(taskResults).extracting(TaskCompleted::taskKey).containsExactly(key(job, 0), key(job, 1));
        TaskCompleted first = taskResults.getFirst();
        assertThat(first.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(first.ranked()).hasSize(3);   // the pipeline's top-candidates setting
        RankedCandidate best = first.ranked().getFirst();
        assertThat(best.candidateId()).isEqualTo(key(job, 0) + "/1");
        assertThat(best.completion()).contains("sample 1");
        assertThat(best.verdict()).isEqualTo(VerdictKind.PASSED);
        assertThat(best.clusterSize()).isEqualTo(2);
        assertThat(best.reason()).isEqualTo("rank 1: passed 2/2, cluster of 2, confidence 0.80");
        assertThat(first.passAtK()).containsOnlyKeys("pass@1");
        assertThat(taskResults.get(1).heldOutPassRate()).isEqualTo(1.0);
        List<JobCompleted> jobResults = outbox(job, JobCompleted.class);
        assertThat(jobResults).singleElement().satisfies(done -> {
            assertThat(done.tasksCompleted()).isEqualTo(2);
            assertThat(done.passAtK()).isEqualTo(passAtK);
        });
        assertThat(outboxTypes(job)).containsExactly("TaskCompleted", "TaskCompleted", "JobCompleted");
    }

    @Test
    void aReportBeforeItsBatchCompletesTheTaskWhenTheBatchArrives() {
        JobSubmitted job = TestJobs.job("acme", 1, 2);
        accept(job);

        pipeline.tasks.acceptReport(key(job, 0), bytes(TestMessages.report(job, 0, passed("p"), failed("f"))));
        assertThat(taskState(job, 0)).isEqualTo("QUEUED");

        pipeline.tasks.acceptBatch(key(job, 0), bytes(TestMessages.batch(job, 0, 0.4, 0.9)));
        assertThat(taskState(job, 0)).isEqualTo("COMPLETED");
        assertThat(jobState(job)).isEqualTo("COMPLETED");
        assertThat(outboxTypes(job)).containsExactly("TaskCompleted", "JobCompleted");
    }

    @Test
    void partsThatArriveBeforeTheJobAreAppliedWhenTheJobIsStored() {
        JobSubmitted job = TestJobs.job("acme", 2, 1);
        pipeline.tasks.acceptReport(key(job, 0), bytes(TestMessages.report(job, 0, passed("p"))));
        pipeline.tasks.acceptBatch(key(job, 0), bytes(TestMessages.batch(job, 0, 0.5)));
        pipeline.deadLetters.accept("codesynth.generation.v1-dlt", key(job, 1),
                DeadLetters.headers("codesynth-dlt-reason", "prompt is too long"));
        assertThat(outboxTypes(job)).isEmpty();

        accept(job);

        assertThat(taskState(job, 0)).isEqualTo("COMPLETED");
        assertThat(taskState(job, 1)).isEqualTo("FAILED");
        assertThat(jobState(job)).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(outboxTypes(job)).containsExactly("TaskCompleted", "TaskCompleted", "JobCompleted");
    }

    @Test
    void aDeadLetterFailsItsTaskWithTheReasonWhileTheOthersComplete() {
        JobSubmitted job = TestJobs.job("acme", 3, 1);
        accept(job);

        assertThat(pipeline.deadLetters.accept("codesynth.generation.v1-dlt", key(job, 1),
                DeadLetters.headers("codesynth-dlt-reason", "the prompt does not fit the context"))).isTrue();
        assertThat(pipeline.deadLetters.accept("codesynth.generation.v1-dlt", key(job, 1),
                DeadLetters.headers("codesynth-dlt-reason", "a second reason"))).isFalse();
        for (int task : new int[] {0, 2}) {
            pipeline.tasks.acceptBatch(key(job, task), bytes(TestMessages.batch(job, task, 0.5)));
            pipeline.tasks.acceptReport(key(job, task), bytes(TestMessages.report(job, task, passed("p"))));
        }

        assertThat(taskReason(job, 1)).isEqualTo("generation failed: the prompt does not fit the context");
        assertThat(jobState(job)).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(pipeline.jdbc.queryForObject("SELECT error FROM results.jobs WHERE job_id = ?", String.class,
                job.jobId())).isEqualTo("1 of 3 tasks failed; first: HumanEval/1: generation failed: "
                + "the prompt does not fit the context");
        TaskCompleted failure = outbox(job, TaskCompleted.class).stream()
                .filter(t -> t.state() == TaskState.FAILED).findFirst().orElseThrow();
        assertThat(failure.reason()).isEqualTo(taskReason(job, 1));
        assertThat(failure.ranked()).isEmpty();
        assertThat(failure.passAtK()).isEmpty();
        // the failed task does not count for the job's pass@k
        assertThat(outbox(job, JobCompleted.class).getFirst().passAtK()).containsEntry("pass@1", 1.0);
    }

    @Test
    void namesWhatFailedFromTheDeadLetterTopicAndHeaders() {
        JobSubmitted job = TestJobs.job("acme", 3, 1);
        accept(job);

        pipeline.deadLetters.accept("codesynth.candidates.v1-dlt", key(job, 0), DeadLetters.headers(
                "kafka_dlt-exception-message", "Listener failed; sandbox missing",
                "kafka_dlt-original-consumer-group", "verification-worker"));
        pipeline.deadLetters.accept("codesynth.candidates.v1-dlt", key(job, 1), DeadLetters.headers(
                "codesynth-dlt-reason", "not a valid CandidateBatch: candidates: oops",
                "kafka_dlt-original-consumer-group", "results-service"));
        pipeline.deadLetters.accept("codesynth.verdicts.v1-dlt", key(job, 2), DeadLetters.headers());

        assertThat(taskReason(job, 0)).isEqualTo("verification failed: Listener failed; sandbox missing");
        assertThat(taskReason(job, 1)).isEqualTo(
                "the results service could not store the candidate batch: not a valid CandidateBatch: candidates: oops");
        assertThat(taskReason(job, 2)).isEqualTo(
                "the results service could not store the verification report: no reason given");
        assertThat(jobState(job)).isEqualTo("FAILED");
        assertThat(outbox(job, JobCompleted.class).getFirst().passAtK()).isEmpty();
        assertThat(pipeline.deadLetters.accept("codesynth.generation.v1-dlt", "not-a-task", DeadLetters.headers()))
                .isFalse();
    }

    @Test
    void failsTasksWithoutCandidatesOrWithOnlySandboxErrors() {
        JobSubmitted job = TestJobs.job("acme", 2, 2);
        accept(job);

        pipeline.tasks.acceptBatch(key(job, 0), bytes(TestMessages.batch(job, 0)));
        pipeline.tasks.acceptBatch(key(job, 1), bytes(TestMessages.batch(job, 1, 0.5, 0.6)));
        pipeline.tasks.acceptReport(key(job, 1), bytes(TestMessages.report(job, 1,
                new TestMessages.Verdict(VerdictKind.SANDBOX_ERROR, "", null, null),
                new TestMessages.Verdict(VerdictKind.SANDBOX_ERROR, "", null, null))));

        assertThat(taskReason(job, 0)).isEqualTo("the generation worker produced no candidates");
        assertThat(taskReason(job, 1)).isEqualTo(
                "the verification sandbox could not run any of the 2 candidates: assertion failed");
        assertThat(jobState(job)).isEqualTo("FAILED");
    }

    private static void accept(JobSubmitted job) {
        pipeline.jobs.accept(job.jobId().toString(), PipelineJson.toBytes(job));
    }

    static String key(JobSubmitted job, int task) {
        return job.tasks().get(task).taskKey();
    }

    static byte[] bytes(Object message) {
        return PipelineJson.toBytes(message);
    }

    static String jobState(JobSubmitted job) {
        return pipeline.jdbc.queryForObject("SELECT state FROM results.jobs WHERE job_id = ?", String.class,
                job.jobId());
    }

    static String taskState(JobSubmitted job, int task) {
        return pipeline.jdbc.queryForObject("SELECT state FROM results.tasks WHERE task_key = ?", String.class,
                key(job, task));
    }

    static String taskReason(JobSubmitted job, int task) {
        return pipeline.jdbc.queryForObject("SELECT reason FROM results.tasks WHERE task_key = ?", String.class,
                key(job, task));
    }

    /** "sample|rank|cluster id|cluster size|reason" in rank order. */
    private static List<String> ranks(JobSubmitted job, int task) {
        return pipeline.jdbc.queryForList("""
                SELECT sample_index || '|' || rank || '|' || cluster_id || '|' || cluster_size || '|' || rank_reason
                FROM results.candidates WHERE task_key = ? ORDER BY rank""", String.class, key(job, task));
    }

    static List<String> outboxTypes(JobSubmitted job) {
        return pipeline.jdbc.queryForList("SELECT message_type FROM results.outbox WHERE message_key = ? ORDER BY id",
                String.class, job.jobId().toString());
    }

    static <T> List<T> outbox(JobSubmitted job, Class<T> type) {
        return pipeline.jdbc.queryForList("""
                SELECT payload FROM results.outbox WHERE message_key = ? AND message_type = ? ORDER BY id""",
                String.class, job.jobId().toString(), type.getSimpleName()).stream()
                .map(json -> PipelineJson.fromJson(json, type)).toList();
    }
}
