package io.codesynth.results.progress;

import io.codesynth.contracts.JobState;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.TaskState;
import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.results.ranking.RankedEntry;
import io.codesynth.results.ranking.ScoredCandidate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import tools.jackson.core.type.TypeReference;

/** The reads and writes of task and job progress. Callers hold the job's lock ({@link #lockJob}). */
final class ProgressStore {

    private static final TypeReference<List<TestOutcome>> SIGNATURE = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;

    ProgressStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises every transaction about one job, across consumers and instances, until the
     * transaction ends: two tasks finishing at once must not both miss that the job is done, and a
     * batch and its report arriving at once must not both miss that the task is done.
     */
    void lockJob(UUID jobId) {
        jdbc.query("SELECT pg_advisory_xact_lock(:key)", new MapSqlParameterSource("key", lockKey(jobId)),
                rs -> { });
    }

    static long lockKey(UUID jobId) {
        return jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits();
    }

    Optional<TaskSnapshot> task(String taskKey) {
        return jdbc.query("""
                SELECT t.task_key, t.job_id, j.tenant, t.task_id, t.state, t.updated_at,
                       b.candidate_count, b.generated_at AS batch_generated_at, f.reason AS failure,
                       (SELECT count(*) FROM results.candidates c WHERE c.task_key = t.task_key) AS candidates,
                       (SELECT count(*) FROM results.verdicts v
                          JOIN results.candidates c ON c.candidate_id = v.candidate_id
                         WHERE c.task_key = t.task_key) AS verdicts,
                       (SELECT max(r.verified_at) FROM results.verification_reports r
                         WHERE r.task_key = t.task_key) AS last_verified_at
                FROM results.tasks t
                JOIN results.jobs j ON j.job_id = t.job_id
                LEFT JOIN results.candidate_batches b ON b.task_key = t.task_key
                LEFT JOIN results.task_failures f ON f.task_key = t.task_key
                WHERE t.task_key = :taskKey""",
                new MapSqlParameterSource("taskKey", taskKey),
                (rs, row) -> new TaskSnapshot(
                        rs.getString("task_key"),
                        rs.getObject("job_id", UUID.class),
                        rs.getString("tenant"),
                        rs.getString("task_id"),
                        TaskState.valueOf(rs.getString("state")),
                        instant(rs, "updated_at"),
                        (Integer) rs.getObject("candidate_count"),
                        instant(rs, "batch_generated_at"),
                        rs.getInt("candidates"),
                        rs.getInt("verdicts"),
                        rs.getString("failure"),
                        instant(rs, "last_verified_at")))
                .stream().findFirst();
    }

    /** Unfinished tasks of the job that have something to evaluate (a batch or a failure arrived early). */
    List<String> tasksWithNews(UUID jobId) {
        return jdbc.queryForList("""
                SELECT t.task_key FROM results.tasks t
                WHERE t.job_id = :jobId AND t.state NOT IN ('COMPLETED', 'FAILED')
                  AND (EXISTS (SELECT 1 FROM results.candidate_batches b WHERE b.task_key = t.task_key)
                       OR EXISTS (SELECT 1 FROM results.task_failures f WHERE f.task_key = t.task_key))
                ORDER BY t.task_index""",
                new MapSqlParameterSource("jobId", jobId), String.class);
    }

    /** The task's candidates that have a verdict, in sample order. */
    List<ScoredCandidate> scoredCandidates(String taskKey) {
        return jdbc.query("""
                SELECT c.candidate_id, c.sample_index, c.mean_confidence, v.verdict, v.tests_passed, v.tests_total,
                       v.held_out_passed, v.held_out_total, v.signature::text AS signature, v.error_type
                FROM results.candidates c
                JOIN results.verdicts v ON v.candidate_id = c.candidate_id
                WHERE c.task_key = :taskKey
                ORDER BY c.sample_index""",
                new MapSqlParameterSource("taskKey", taskKey),
                (rs, row) -> {
                    Integer heldOutTotal = (Integer) rs.getObject("held_out_total");
                    return new ScoredCandidate(
                            rs.getString("candidate_id"),
                            rs.getInt("sample_index"),
                            rs.getDouble("mean_confidence"),
                            VerdictKind.valueOf(rs.getString("verdict")),
                            new TestTally(rs.getInt("tests_passed"), rs.getInt("tests_total")),
                            heldOutTotal == null ? null : new TestTally(rs.getInt("held_out_passed"), heldOutTotal),
                            PipelineJson.mapper().readValue(rs.getString("signature"), SIGNATURE),
                            rs.getString("error_type"));
                });
    }

    /** Completions of the given candidates, by candidate id. */
    Map<String, String> completions(String taskKey) {
        Map<String, String> completions = new LinkedHashMap<>();
        jdbc.query("SELECT candidate_id, completion FROM results.candidates WHERE task_key = :taskKey",
                new MapSqlParameterSource("taskKey", taskKey),
                rs -> {
                    completions.put(rs.getString("candidate_id"), rs.getString("completion"));
                });
        return completions;
    }

    /** The first error message among the task's verdicts of the given kind, for a failure reason. */
    Optional<String> firstErrorMessage(String taskKey, VerdictKind kind) {
        return jdbc.queryForList("""
                SELECT coalesce(v.error_message, v.error_type, '') FROM results.verdicts v
                JOIN results.candidates c ON c.candidate_id = v.candidate_id
                WHERE c.task_key = :taskKey AND v.verdict = :kind
                ORDER BY c.sample_index LIMIT 1""",
                new MapSqlParameterSource().addValue("taskKey", taskKey).addValue("kind", kind.name()), String.class)
                .stream().filter(message -> !message.isBlank()).findFirst();
    }

    void markVerifying(String taskKey, Instant generatedAt, Instant now) {
        jdbc.update("""
                UPDATE results.tasks SET state = 'VERIFYING', generated_at = :generatedAt, updated_at = :now
                WHERE task_key = :taskKey""",
                new MapSqlParameterSource()
                        .addValue("taskKey", taskKey)
                        .addValue("generatedAt", timestamp(generatedAt))
                        .addValue("now", timestamp(now)));
    }

    void saveRanking(List<RankedEntry> ranking) {
        SqlParameterSource[] rows = ranking.stream()
                .map(entry -> new MapSqlParameterSource()
                        .addValue("candidateId", entry.candidate().candidateId())
                        .addValue("rank", entry.rank())
                        .addValue("clusterId", entry.clusterId())
                        .addValue("clusterSize", entry.clusterSize())
                        .addValue("reason", entry.reason()))
                .toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                UPDATE results.candidates
                SET rank = :rank, cluster_id = :clusterId, cluster_size = :clusterSize, rank_reason = :reason
                WHERE candidate_id = :candidateId""", rows);
    }

    /**
     * @param passAtK         keyed {@code pass@1/5/10}; absent keys are stored as null
     * @param heldOutPassRate of the rank-1 candidate, null without held-out tests
     */
    void markCompleted(String taskKey, int n, int c, Map<String, Double> passAtK, Double heldOutPassRate,
                       Instant verifiedAt, Instant now) {
        jdbc.update("""
                UPDATE results.tasks
                SET state = 'COMPLETED', reason = NULL, candidates_total = :n, candidates_passed = :c,
                    pass_at_1 = :p1, pass_at_5 = :p5, pass_at_10 = :p10, held_out_pass_rate = :heldOut,
                    verified_at = :verifiedAt, completed_at = :now, updated_at = :now
                WHERE task_key = :taskKey""",
                new MapSqlParameterSource()
                        .addValue("taskKey", taskKey)
                        .addValue("n", n)
                        .addValue("c", c)
                        .addValue("p1", passAtK.get("pass@1"))
                        .addValue("p5", passAtK.get("pass@5"))
                        .addValue("p10", passAtK.get("pass@10"))
                        .addValue("heldOut", heldOutPassRate)
                        .addValue("verifiedAt", timestamp(verifiedAt))
                        .addValue("now", timestamp(now)));
    }

    void markFailed(String taskKey, String reason, Instant now) {
        jdbc.update("""
                UPDATE results.tasks SET state = 'FAILED', reason = :reason, completed_at = :now, updated_at = :now
                WHERE task_key = :taskKey""",
                new MapSqlParameterSource()
                        .addValue("taskKey", taskKey)
                        .addValue("reason", reason)
                        .addValue("now", timestamp(now)));
    }

    Optional<JobSnapshot> job(UUID jobId) {
        return jdbc.query("""
                SELECT j.job_id, j.tenant, j.name, j.state, j.submitted_at,
                       count(t.task_key)                                 AS tasks,
                       count(t.task_key) FILTER (WHERE t.state = 'QUEUED')    AS queued,
                       count(t.task_key) FILTER (WHERE t.state = 'COMPLETED') AS completed,
                       count(t.task_key) FILTER (WHERE t.state = 'FAILED')    AS failed
                FROM results.jobs j
                LEFT JOIN results.tasks t ON t.job_id = j.job_id
                WHERE j.job_id = :jobId
                GROUP BY j.job_id""",
                new MapSqlParameterSource("jobId", jobId),
                (rs, row) -> new JobSnapshot(
                        rs.getObject("job_id", UUID.class),
                        rs.getString("tenant"),
                        rs.getString("name"),
                        JobState.valueOf(rs.getString("state")),
                        instant(rs, "submitted_at"),
                        rs.getInt("tasks"),
                        rs.getInt("queued"),
                        rs.getInt("completed"),
                        rs.getInt("failed")))
                .stream().findFirst();
    }

    /** pass@k of each completed task of the job (keys only where the task defines them). */
    List<Map<String, Double>> completedTasksPassAtK(UUID jobId) {
        return jdbc.query("""
                SELECT pass_at_1, pass_at_5, pass_at_10 FROM results.tasks
                WHERE job_id = :jobId AND state = 'COMPLETED' ORDER BY task_index""",
                new MapSqlParameterSource("jobId", jobId),
                (rs, row) -> {
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (int k : new int[] {1, 5, 10}) {
                        double value = rs.getDouble("pass_at_" + k);
                        if (!rs.wasNull()) {
                            values.put("pass@" + k, value);
                        }
                    }
                    return values;
                });
    }

    /** Mean held-out pass rate of the rank-1 candidates of completed tasks that have held-out tests. */
    Double meanHeldOutPassRate(UUID jobId) {
        return jdbc.queryForObject("""
                SELECT avg(held_out_pass_rate) FROM results.tasks
                WHERE job_id = :jobId AND state = 'COMPLETED' AND held_out_pass_rate IS NOT NULL""",
                new MapSqlParameterSource("jobId", jobId), Double.class);
    }

    /** The reason of the job's first failed task, for the job's error text. */
    Optional<String> firstFailure(UUID jobId) {
        return jdbc.queryForList("""
                SELECT task_id || ': ' || coalesce(reason, 'failed') FROM results.tasks
                WHERE job_id = :jobId AND state = 'FAILED' ORDER BY task_index LIMIT 1""",
                new MapSqlParameterSource("jobId", jobId), String.class).stream().findFirst();
    }

    void updateJobState(UUID jobId, JobState state, Instant now) {
        jdbc.update("UPDATE results.jobs SET state = :state, updated_at = :now WHERE job_id = :jobId",
                new MapSqlParameterSource()
                        .addValue("jobId", jobId)
                        .addValue("state", state.name())
                        .addValue("now", timestamp(now)));
    }

    /** Something new arrived for the job: its clock for the task deadline starts again. */
    void touchJob(UUID jobId, Instant now) {
        jdbc.update("UPDATE results.jobs SET updated_at = :now WHERE job_id = :jobId AND updated_at < :now",
                new MapSqlParameterSource().addValue("jobId", jobId).addValue("now", timestamp(now)));
    }

    void completeJob(UUID jobId, JobState state, String error, Map<String, Double> passAtK, Double heldOutPassRate,
                     Instant now) {
        jdbc.update("""
                UPDATE results.jobs
                SET state = :state, error = :error, pass_at_k = CAST(:passAtK AS jsonb),
                    held_out_pass_rate = :heldOut, completed_at = :now, updated_at = :now
                WHERE job_id = :jobId""",
                new MapSqlParameterSource()
                        .addValue("jobId", jobId)
                        .addValue("state", state.name())
                        .addValue("error", error)
                        .addValue("passAtK", PipelineJson.toJson(passAtK))
                        .addValue("heldOut", heldOutPassRate)
                        .addValue("now", timestamp(now)));
    }

    /**
     * Unfinished tasks of which nothing was heard before {@code cutoff}, neither of the task nor of its
     * job (a task whose job still makes progress is waiting its turn, not stuck).
     */
    List<StaleTask> staleTasks(Instant cutoff, int limit) {
        return jdbc.query("""
                SELECT t.task_key, t.job_id FROM results.tasks t
                JOIN results.jobs j ON j.job_id = t.job_id
                WHERE t.state NOT IN ('COMPLETED', 'FAILED') AND t.updated_at < :cutoff AND j.updated_at < :cutoff
                ORDER BY t.job_id, t.task_index
                LIMIT :limit""",
                new MapSqlParameterSource().addValue("cutoff", timestamp(cutoff)).addValue("limit", limit),
                (rs, row) -> new StaleTask(rs.getString("task_key"), rs.getObject("job_id", UUID.class)));
    }

    Instant jobUpdatedAt(UUID jobId) {
        return jdbc.query("SELECT updated_at FROM results.jobs WHERE job_id = :jobId",
                new MapSqlParameterSource("jobId", jobId), (rs, row) -> instant(rs, "updated_at"))
                .stream().findFirst().orElse(null);
    }

    record StaleTask(String taskKey, UUID jobId) {
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
