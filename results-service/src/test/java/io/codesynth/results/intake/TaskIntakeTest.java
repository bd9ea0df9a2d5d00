package io.codesynth.results.intake;

import static io.codesynth.results.TestMessages.Verdict.passed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.VerificationReport;
import io.codesynth.results.TestJobs;
import io.codesynth.results.TestMessages;
import io.codesynth.results.TestPipeline;
import io.codesynth.results.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Storing candidate batches and verification reports, against a real PostgreSQL. */
class TaskIntakeTest {

    private static TestPipeline pipeline;

    @BeforeAll
    static void database() {
        pipeline = new TestPipeline(TestPostgres.migratedDatabase("task_intake_unit"));
    }

    @Test
    void storesEveryFigureOfCandidatesAndVerdicts() {
        JobSubmitted job = TestJobs.job("acme", 2, 1);
        CandidateBatch batch = TestMessages.batch(job, 1, 0.75);
        VerificationReport report = TestMessages.report(job, 1, passed("pp").heldOut(1, 1));

        assertThat(pipeline.tasks.acceptBatch(batch.taskKey(), bytes(batch))).isEqualTo(TaskIntake.Outcome.STORED);
        assertThat(pipeline.tasks.acceptReport(report.taskKey(), bytes(report))).isEqualTo(TaskIntake.Outcome.STORED);

        assertThat(pipeline.jdbc.queryForMap("""
                SELECT completion, token_ids::text AS tokens, forward_passes, mean_confidence, reveal_steps::text AS
                       steps, decode_ms, model, model_device, model_dtype, generated_by
                FROM results.candidates WHERE task_key = ?""", batch.taskKey()))
                .containsEntry("completion", "    return a + b  # sample 0\n")
                .containsEntry("tokens", "{100,200,300}").containsEntry("forward_passes", 3)
                .containsEntry("mean_confidence", 0.75).containsEntry("steps", "{2,0,1}")
                .containsEntry("decode_ms", 40L).containsEntry("model", "tiny-dream")
                .containsEntry("model_device", "cpu").containsEntry("model_dtype", "float32")
                .containsEntry("generated_by", TestMessages.GENERATION_WORKER);
        assertThat(pipeline.jdbc.queryForMap("""
                SELECT verdict, tests_passed, tests_total, held_out_passed, held_out_total, duration_ms,
                       signature::text AS signature, sandboxed, verified_by
                FROM results.verdicts WHERE task_key = ?""", batch.taskKey()))
                .containsEntry("verdict", "PASSED").containsEntry("tests_passed", 2).containsEntry("tests_total", 2)
                .containsEntry("held_out_passed", 1).containsEntry("held_out_total", 1)
                .containsEntry("duration_ms", 100L).containsEntry("sandboxed", true)
                .containsEntry("verified_by", TestMessages.VERIFICATION_WORKER)
                .containsEntry("signature", "[{\"value\": \"p\", \"outcome\": \"pass\"}, "
                        + "{\"value\": \"p\", \"outcome\": \"pass\"}]");
    }

    @Test
    void aCopyFromAnotherWorkerKeepsTheWorkerOfTheFirstStoredCopy() {
        JobSubmitted job = TestJobs.job("acme", 1, 2);
        pipeline.jobs.accept(job.jobId().toString(), PipelineJson.toBytes(job));
        CandidateBatch first = TestMessages.batchBy("gen-a/1", job, 0, 0.5, 0.6);
        VerificationReport firstReport = TestMessages.reportBy("verify-x/1", job, 0, passed("p"), passed("p"));
        pipeline.tasks.acceptBatch(first.taskKey(), bytes(first));
        pipeline.tasks.acceptReport(firstReport.taskKey(), bytes(firstReport));
        List<String> before = tables();

        // after a rebalance another worker decodes and verifies the task again: same ids, another worker
        pipeline.clock.advance(Duration.ofMinutes(1));
        CandidateBatch again = TestMessages.batchBy("gen-b/2", job, 0, 0.5, 0.6);
        VerificationReport reportAgain = TestMessages.reportBy("verify-y/2", job, 0, passed("p"), passed("p"));
        assertThat(pipeline.tasks.acceptBatch(again.taskKey(), bytes(again)))
                .isEqualTo(TaskIntake.Outcome.ALREADY_STORED);
        assertThat(pipeline.tasks.acceptReport(reportAgain.taskKey(), bytes(reportAgain)))
                .isEqualTo(TaskIntake.Outcome.ALREADY_STORED);

        assertThat(tables()).isEqualTo(before);
        String key = first.taskKey();
        assertThat(workers("SELECT generated_by FROM results.candidates WHERE task_key = ?", key))
                .containsExactly("gen-a/1", "gen-a/1");
        assertThat(workers("SELECT generated_by FROM results.candidate_batches WHERE task_key = ?", key))
                .containsExactly("gen-a/1");
        assertThat(workers("SELECT verified_by FROM results.verdicts WHERE task_key = ?", key))
                .containsExactly("verify-x/1", "verify-x/1");
        assertThat(workers("SELECT verified_by FROM results.verification_reports WHERE task_key = ?", key))
                .containsExactly("verify-x/1");
    }

    @Test
    void messagesOfWorkersThatPredateWorkerIdsAreStoredWithoutOne() {
        JobSubmitted job = TestJobs.job("acme", 1, 1);
        ObjectNode batch = (ObjectNode) PipelineJson.mapper().valueToTree(TestMessages.batch(job, 0, 0.5));
        batch.remove("generatedBy");
        ObjectNode report = (ObjectNode) PipelineJson.mapper().valueToTree(TestMessages.report(job, 0, passed("p")));
        report.remove("verifiedBy");
        String key = job.tasks().getFirst().taskKey();

        assertThat(pipeline.tasks.acceptBatch(key, PipelineJson.toBytes(batch))).isEqualTo(TaskIntake.Outcome.STORED);
        assertThat(pipeline.tasks.acceptReport(key, PipelineJson.toBytes(report))).isEqualTo(TaskIntake.Outcome.STORED);

        assertThat(workers("SELECT generated_by FROM results.candidates WHERE task_key = ?", key)).containsExactly(
                (String) null);
        assertThat(workers("SELECT generated_by FROM results.candidate_batches WHERE task_key = ?", key))
                .containsExactly((String) null);
        assertThat(workers("SELECT verified_by FROM results.verdicts WHERE task_key = ?", key)).containsExactly(
                (String) null);
        assertThat(workers("SELECT verified_by FROM results.verification_reports WHERE task_key = ?", key))
                .containsExactly((String) null);
    }

    @Test
    void aRedeliveryChangesNothing() {
        JobSubmitted job = TestJobs.job("acme", 1, 2);
        pipeline.jobs.accept(job.jobId().toString(), PipelineJson.toBytes(job));
        CandidateBatch batch = TestMessages.batch(job, 0, 0.5, 0.6);
        VerificationReport report = TestMessages.report(job, 0, passed("p"), passed("p"));
        pipeline.tasks.acceptBatch(batch.taskKey(), bytes(batch));
        pipeline.tasks.acceptReport(report.taskKey(), bytes(report));
        List<String> before = tables();

        pipeline.clock.advance(Duration.ofMinutes(1));
        assertThat(pipeline.tasks.acceptBatch(batch.taskKey(), bytes(batch)))
                .isEqualTo(TaskIntake.Outcome.ALREADY_STORED);
        assertThat(pipeline.tasks.acceptReport(report.taskKey(), bytes(report)))
                .isEqualTo(TaskIntake.Outcome.ALREADY_STORED);
        pipeline.jobs.accept(job.jobId().toString(), PipelineJson.toBytes(job));

        assertThat(tables()).isEqualTo(before);
    }

    @Test
    void rejectsRecordsThatBreakTheContractAndStoresNothingOfThem() {
        JobSubmitted job = TestJobs.job("acme", 2, 1);
        CandidateBatch batch = TestMessages.batch(job, 0, 0.5);

        assertThatThrownBy(() -> pipeline.tasks.acceptBatch(job.tasks().get(1).taskKey(), bytes(batch)))
                .isInstanceOf(InvalidMessage.class).hasMessageContaining("is not the task key");
        assertThatThrownBy(() -> pipeline.tasks.acceptBatch("k", "{oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidMessage.class).hasMessageStartingWith("not a valid CandidateBatch: ");
        ObjectNode wrongId = (ObjectNode) PipelineJson.mapper().valueToTree(batch);
        ((ObjectNode) wrongId.get("candidates").get(0)).put("candidateId", batch.taskKey() + "/7");
        assertThatThrownBy(() -> pipeline.tasks.acceptBatch(batch.taskKey(), PipelineJson.toBytes(wrongId)))
                .isInstanceOf(InvalidMessage.class)
                .hasMessage("candidates[0].candidateId '" + batch.taskKey() + "/7' should be '" + batch.taskKey() + "/0'");
        ObjectNode otherJob = (ObjectNode) PipelineJson.mapper().valueToTree(batch);
        otherJob.put("jobId", UUID.randomUUID().toString());
        assertThatThrownBy(() -> pipeline.tasks.acceptBatch(batch.taskKey(), PipelineJson.toBytes(otherJob)))
                .isInstanceOf(InvalidMessage.class).hasMessageContaining("belongs to job " + job.jobId());
        ObjectNode noVerdict = (ObjectNode) PipelineJson.mapper().valueToTree(TestMessages.report(job, 0, passed("p")));
        ((ObjectNode) noVerdict.get("verdicts").get(0)).remove("verdict");
        assertThatThrownBy(() -> pipeline.tasks.acceptReport(batch.taskKey(), PipelineJson.toBytes(noVerdict)))
                .isInstanceOf(InvalidMessage.class).hasMessageContaining("verdict is required");

        assertThat(pipeline.jdbc.queryForObject("SELECT count(*) FROM results.candidates WHERE job_id = ?",
                Long.class, job.jobId())).isZero();
    }

    @Test
    void keepsTextThatPostgresCannotHold() {
        JobSubmitted job = TestJobs.job("acme", 1, 1);
        ObjectNode report = (ObjectNode) PipelineJson.mapper().valueToTree(TestMessages.report(job, 0, passed("p")));
        ((ObjectNode) report.get("verdicts").get(0)).put("stderrTail", "bad\u0000byte");
        ((ObjectNode) report.get("verdicts").get(0).get("signature").get(0)).put("value", "'\u0000'");

        pipeline.tasks.acceptReport(job.tasks().getFirst().taskKey(), PipelineJson.toBytes(report));

        assertThat(pipeline.jdbc.queryForObject("SELECT stderr_tail FROM results.verdicts WHERE task_key = ?",
                String.class, job.tasks().getFirst().taskKey())).isEqualTo("bad\uFFFDbyte");
    }

    private static List<String> workers(String sql, String taskKey) {
        return pipeline.jdbc.queryForList(sql, String.class, taskKey);
    }

    private static byte[] bytes(Object message) {
        return PipelineJson.toBytes(message);
    }

    private static List<String> tables() {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("jobs", "tasks", "candidates", "verdicts", "candidate_batches",
                "verification_reports", "processed_messages", "outbox")) {
            rows.addAll(pipeline.jdbc.queryForList(
                    "SELECT '" + table + "' || to_jsonb(t)::text FROM results." + table + " t ORDER BY 1", String.class));
        }
        return rows;
    }
}
