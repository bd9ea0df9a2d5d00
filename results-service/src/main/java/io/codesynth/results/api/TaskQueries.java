package io.codesynth.results.api;

import io.codesynth.contracts.Language;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.TaskState;
import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/** The read side of the API for tasks and their candidates. */
@Component
class TaskQueries {

    /** Which candidates a task view carries. */
    enum Candidates {
        /** the rank-1 candidate of ranked tasks */
        TOP,
        /** every candidate, best first once ranked */
        ALL,
        /** none (the counts only) */
        NONE
    }

    /** One line of a samples file. */
    record Sample(String taskId, String completion) {
    }

    private static final String TASK_SELECT = """
            SELECT t.*,
                   (SELECT count(*) FROM results.candidates c WHERE c.task_key = t.task_key) AS generated,
                   vc.verified, vc.passed
            FROM results.tasks t
            CROSS JOIN LATERAL (
                SELECT count(*) AS verified, count(*) FILTER (WHERE v.verdict = 'PASSED') AS passed
                FROM results.verdicts v WHERE v.task_key = t.task_key) vc
            """;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<TestOutcome>> SIGNATURE = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    TaskQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The job's tasks in task order. */
    List<TaskView> tasks(UUID jobId, Candidates candidates) {
        List<TaskView> tasks = jdbc.sql(TASK_SELECT + "WHERE t.job_id = :jobId ORDER BY t.task_index")
                .param("jobId", jobId)
                .query((rs, row) -> taskView(rs))
                .list();
        return withCandidates(jobId, null, tasks, candidates, false);
    }

    /** The given tasks of the job (by index), in task order, with their top candidate. */
    List<TaskView> tasks(UUID jobId, Collection<Integer> taskIndices) {
        if (taskIndices.isEmpty()) {
            return List.of();
        }
        List<TaskView> tasks = jdbc.sql(TASK_SELECT
                        + "WHERE t.job_id = :jobId AND t.task_index IN (:indices) ORDER BY t.task_index")
                .param("jobId", jobId)
                .param("indices", taskIndices)
                .query((rs, row) -> taskView(rs))
                .list();
        return withCandidates(jobId, null, tasks, Candidates.TOP, false);
    }

    /** One task with every candidate, including token ids and decoding order. */
    Optional<TaskView> task(UUID jobId, int taskIndex) {
        return jdbc.sql(TASK_SELECT + "WHERE t.job_id = :jobId AND t.task_index = :taskIndex")
                .param("jobId", jobId)
                .param("taskIndex", taskIndex)
                .query((rs, row) -> taskView(rs))
                .optional()
                .map(task -> withCandidates(jobId, task.taskKey(), List.of(task), Candidates.ALL, true).getFirst());
    }

    /** Indices of the job's tasks in a final state. */
    List<Integer> finalTaskIndices(UUID jobId) {
        return jdbc.sql("""
                SELECT task_index FROM results.tasks
                WHERE job_id = :jobId AND state IN ('COMPLETED', 'FAILED') ORDER BY completed_at, task_index""")
                .param("jobId", jobId)
                .query(Integer.class)
                .list();
    }

    /** The rank-1 candidate of each ranked task, or every candidate, in task and rank order. */
    List<Sample> samples(UUID jobId, boolean all) {
        String onlyRankOne = all ? "" : " AND c.rank = 1";
        return jdbc.sql("SELECT t.task_id, c.completion FROM results.candidates c"
                        + " JOIN results.tasks t ON t.task_key = c.task_key"
                        + " WHERE c.job_id = :jobId" + onlyRankOne
                        + " ORDER BY t.task_index, c.rank NULLS LAST, c.sample_index")
                .param("jobId", jobId)
                .query((rs, row) -> new Sample(rs.getString("task_id"), rs.getString("completion")))
                .list();
    }

    private List<TaskView> withCandidates(UUID jobId, String taskKey, List<TaskView> tasks, Candidates which,
                                          boolean details) {
        if (which == Candidates.NONE || tasks.isEmpty()) {
            return tasks.stream().map(task -> task.withCandidates(List.of())).toList();
        }
        StringBuilder sql = new StringBuilder("""
                SELECT c.candidate_id, c.task_key, c.sample_index, c.rank, c.cluster_id, c.cluster_size, c.rank_reason,
                       c.completion, c.mean_confidence, c.log_probability, c.forward_passes,
                       cardinality(c.token_ids) AS token_count, c.decode_ms, c.model, c.model_device, c.model_dtype,
                       c.generated_by, c.token_ids, c.reveal_steps,
                       v.verdict, v.tests_passed, v.tests_total, v.held_out_passed, v.held_out_total, v.duration_ms,
                       v.error_type, v.error_message, v.stderr_tail, v.output_truncated, v.sandboxed,
                       v.signature::text AS signature, v.verified_by
                FROM results.candidates c
                LEFT JOIN results.verdicts v ON v.candidate_id = c.candidate_id
                WHERE c.job_id = :jobId""");
        Map<String, Object> params = new HashMap<>();
        params.put("jobId", jobId);
        if (taskKey != null) {
            sql.append(" AND c.task_key = :taskKey");
            params.put("taskKey", taskKey);
        }
        if (which == Candidates.TOP) {
            sql.append(" AND c.rank = 1");
        }
        sql.append(" ORDER BY c.task_key, c.rank NULLS LAST, c.sample_index");
        Map<String, List<CandidateView>> byTask = new LinkedHashMap<>();
        jdbc.sql(sql.toString()).params(params).query(rs -> {
            byTask.computeIfAbsent(rs.getString("task_key"), key -> new ArrayList<>()).add(candidateView(rs, details));
        });
        return tasks.stream()
                .map(task -> task.withCandidates(byTask.getOrDefault(task.taskKey(), List.of())))
                .toList();
    }

    private static CandidateView candidateView(ResultSet rs, boolean details) throws SQLException {
        String verdict = rs.getString("verdict");
        CandidateView.Verdict verdictView = null;
        if (verdict != null) {
            Integer heldOutTotal = (Integer) rs.getObject("held_out_total");
            verdictView = new CandidateView.Verdict(
                    VerdictKind.valueOf(verdict),
                    new TestTally(rs.getInt("tests_passed"), rs.getInt("tests_total")),
                    heldOutTotal == null ? null : new TestTally(rs.getInt("held_out_passed"), heldOutTotal),
                    rs.getLong("duration_ms"),
                    rs.getString("error_type"),
                    rs.getString("error_message"),
                    rs.getString("stderr_tail"),
                    rs.getBoolean("output_truncated"),
                    rs.getBoolean("sandboxed"),
                    PipelineJson.mapper().readValue(rs.getString("signature"), SIGNATURE));
        }
        return new CandidateView(
                rs.getString("candidate_id"),
                rs.getInt("sample_index"),
                (Integer) rs.getObject("rank"),
                (Integer) rs.getObject("cluster_id"),
                (Integer) rs.getObject("cluster_size"),
                rs.getString("rank_reason"),
                rs.getString("completion"),
                (Double) rs.getObject("mean_confidence"),
                (Double) rs.getObject("log_probability"),
                rs.getInt("forward_passes"),
                rs.getInt("token_count"),
                (Long) rs.getObject("decode_ms"),
                new CandidateView.Model(rs.getString("model"), rs.getString("model_device"), rs.getString("model_dtype")),
                rs.getString("generated_by"),
                verdictView,
                rs.getString("verified_by"),
                details ? integers(rs.getArray("token_ids")) : null,
                details ? integers(rs.getArray("reveal_steps")) : null);
    }

    private static List<Integer> integers(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Integer[]) array.getArray());
    }

    private static TaskView taskView(ResultSet rs) throws SQLException {
        Problem problem = new Problem(
                rs.getString("task_id"),
                ProblemFormat.fromId(rs.getString("format")),
                Language.fromId(rs.getString("language")),
                rs.getString("prompt"),
                rs.getString("entry_point"),
                PipelineJson.mapper().readValue(rs.getString("tests"), STRINGS),
                PipelineJson.mapper().readValue(rs.getString("held_out_tests"), STRINGS),
                rs.getString("test_setup_code"));
        double heldOut = rs.getDouble("held_out_pass_rate");
        Double heldOutPassRate = rs.wasNull() ? null : heldOut;
        return new TaskView(
                rs.getString("task_key"),
                rs.getInt("task_index"),
                problem.taskId(),
                TaskState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                problem,
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "generated_at"),
                instant(rs, "verified_at"),
                instant(rs, "completed_at"),
                passAtK(rs),
                heldOutPassRate,
                new TaskView.Counts(rs.getInt("generated"), rs.getInt("verified"), rs.getInt("passed")),
                List.of());
    }

    /** pass@k of a task where computed (k ≤ n), else null. */
    private static Map<String, Double> passAtK(ResultSet rs) throws SQLException {
        Map<String, Double> passAtK = new LinkedHashMap<>();
        for (int k : new int[] {1, 5, 10}) {
            double value = rs.getDouble("pass_at_" + k);
            if (!rs.wasNull()) {
                passAtK.put("pass@" + k, value);
            }
        }
        return passAtK.isEmpty() ? null : passAtK;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
