package io.codesynth.results.intake;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.VerificationReport;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Writes of candidate batches, verification reports and task failures. Every insert is
 * {@code ON CONFLICT DO NOTHING}: the first delivery wins and a redelivery changes nothing, including the worker
 * ids ({@code generated_by}, {@code verified_by}) of a copy that another worker produced again.
 */
public final class TaskStore {

    private final NamedParameterJdbcTemplate jdbc;

    public TaskStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean markProcessed(String consumer, String messageId, Instant now) {
        return ProcessedMessages.mark(jdbc, consumer, messageId, now);
    }

    /** Stores the batch and its candidates; false if the task already had a batch. */
    boolean insertBatch(CandidateBatch batch, Instant now) {
        int inserted = jdbc.update("""
                INSERT INTO results.candidate_batches (task_key, batch_id, job_id, candidate_count, model,
                                                       model_device, model_dtype, generated_at, generated_by,
                                                       received_at)
                VALUES (:taskKey, :batchId, :jobId, :count, :model, :device, :dtype, :generatedAt, :generatedBy,
                        :now)
                ON CONFLICT (task_key) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("taskKey", batch.taskKey())
                        .addValue("batchId", batch.batchId())
                        .addValue("jobId", batch.jobId())
                        .addValue("count", batch.candidates().size())
                        .addValue("model", batch.model().name())
                        .addValue("device", batch.model().device())
                        .addValue("dtype", batch.model().dtype())
                        .addValue("generatedAt", Timestamp.from(batch.generatedAt()))
                        .addValue("generatedBy", Text.storable(batch.generatedBy()))
                        .addValue("now", Timestamp.from(now)));
        if (inserted == 0 || batch.candidates().isEmpty()) {
            return inserted == 1;
        }
        SqlParameterSource[] rows = batch.candidates().stream()
                .map(candidate -> candidateRow(batch, candidate))
                .toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO results.candidates (candidate_id, job_id, task_key, sample_index, batch_id, completion,
                                                token_ids, forward_passes, mean_confidence, log_probability,
                                                reveal_steps, decode_ms, model, model_device, model_dtype,
                                                generated_at, generated_by)
                VALUES (:candidateId, :jobId, :taskKey, :sampleIndex, :batchId, :completion,
                        CAST(:tokenIds AS integer[]), :forwardPasses, :meanConfidence, :logProbability,
                        CAST(:revealSteps AS integer[]), :decodeMillis, :model, :device, :dtype, :generatedAt,
                        :generatedBy)
                ON CONFLICT DO NOTHING""", rows);
        return true;
    }

    private static SqlParameterSource candidateRow(CandidateBatch batch, Candidate candidate) {
        return new MapSqlParameterSource()
                .addValue("candidateId", candidate.candidateId())
                .addValue("jobId", batch.jobId())
                .addValue("taskKey", batch.taskKey())
                .addValue("sampleIndex", candidate.sampleIndex())
                .addValue("batchId", batch.batchId())
                .addValue("completion", Text.storable(candidate.completion()))
                .addValue("tokenIds", array(candidate.tokenIds()))
                .addValue("forwardPasses", candidate.forwardPasses())
                .addValue("meanConfidence", candidate.meanConfidence())
                .addValue("logProbability", candidate.logProbability())
                .addValue("revealSteps", array(candidate.revealSteps()))
                .addValue("decodeMillis", candidate.decodeMillis())
                .addValue("model", batch.model().name())
                .addValue("device", batch.model().device())
                .addValue("dtype", batch.model().dtype())
                .addValue("generatedAt", Timestamp.from(batch.generatedAt()))
                .addValue("generatedBy", Text.storable(batch.generatedBy()));
    }

    /** Stores the report and its verdicts (a verdict stored before is kept); false if the report was stored. */
    boolean insertReport(VerificationReport report, Instant now) {
        int inserted = jdbc.update("""
                INSERT INTO results.verification_reports (report_id, task_key, job_id, verdict_count, verified_at,
                                                          verified_by, received_at)
                VALUES (:reportId, :taskKey, :jobId, :count, :verifiedAt, :verifiedBy, :now)
                ON CONFLICT (report_id) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("reportId", report.reportId())
                        .addValue("taskKey", report.taskKey())
                        .addValue("jobId", report.jobId())
                        .addValue("count", report.verdicts().size())
                        .addValue("verifiedAt", Timestamp.from(report.verifiedAt()))
                        .addValue("verifiedBy", Text.storable(report.verifiedBy()))
                        .addValue("now", Timestamp.from(now)));
        if (inserted == 0 || report.verdicts().isEmpty()) {
            return inserted == 1;
        }
        SqlParameterSource[] rows = report.verdicts().stream()
                .map(verdict -> verdictRow(report, verdict))
                .toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO results.verdicts (candidate_id, job_id, task_key, verdict, tests_passed, tests_total,
                                              held_out_passed, held_out_total, duration_ms, signature, error_type,
                                              error_message, stderr_tail, output_truncated, sandboxed, verified_at,
                                              verified_by)
                VALUES (:candidateId, :jobId, :taskKey, :verdict, :testsPassed, :testsTotal,
                        :heldOutPassed, :heldOutTotal, :durationMillis, CAST(:signature AS jsonb), :errorType,
                        :errorMessage, :stderrTail, :outputTruncated, :sandboxed, :verifiedAt, :verifiedBy)
                ON CONFLICT (candidate_id) DO NOTHING""", rows);
        return true;
    }

    private static SqlParameterSource verdictRow(VerificationReport report, CandidateVerdict verdict) {
        List<TestOutcome> signature = verdict.signature().stream()
                .map(outcome -> new TestOutcome(Text.storable(outcome.outcome()), Text.storable(outcome.value())))
                .toList();
        return new MapSqlParameterSource()
                .addValue("candidateId", verdict.candidateId())
                .addValue("jobId", report.jobId())
                .addValue("taskKey", report.taskKey())
                .addValue("verdict", verdict.verdict().name())
                .addValue("testsPassed", verdict.tests().passed())
                .addValue("testsTotal", verdict.tests().total())
                .addValue("heldOutPassed", verdict.heldOut() == null ? null : verdict.heldOut().passed())
                .addValue("heldOutTotal", verdict.heldOut() == null ? null : verdict.heldOut().total())
                .addValue("durationMillis", verdict.durationMillis())
                .addValue("signature", PipelineJson.toJson(signature))
                .addValue("errorType", Text.storable(verdict.errorType()))
                .addValue("errorMessage", Text.storable(verdict.errorMessage()))
                .addValue("stderrTail", Text.storable(verdict.stderrTail()))
                .addValue("outputTruncated", verdict.outputTruncated())
                .addValue("sandboxed", verdict.sandboxed())
                .addValue("verifiedAt", Timestamp.from(report.verifiedAt()))
                .addValue("verifiedBy", Text.storable(report.verifiedBy()));
    }

    /** Records why a task can never complete; false if a reason was recorded before (the first one stays). */
    boolean insertFailure(String taskKey, UUID jobId, String reason, String sourceTopic, Instant now) {
        return jdbc.update("""
                INSERT INTO results.task_failures (task_key, job_id, reason, source_topic, failed_at)
                VALUES (:taskKey, :jobId, :reason, :topic, :now)
                ON CONFLICT (task_key) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("taskKey", taskKey)
                        .addValue("jobId", jobId)
                        .addValue("reason", Text.storable(reason))
                        .addValue("topic", sourceTopic)
                        .addValue("now", Timestamp.from(now))) == 1;
    }

    /** A PostgreSQL array literal, e.g. {@code {1,2,3}}. */
    private static String array(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
