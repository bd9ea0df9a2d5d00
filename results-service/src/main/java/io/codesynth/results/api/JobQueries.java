package io.codesynth.results.api;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.JobState;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.TaskState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/** The read side of the API: jobs with their progress counts, and tasks. */
@Component
class JobQueries {

    /** A job and the tenant it belongs to (the caller decides between 403 and the view). */
    record StoredJob(String tenant, JobView view) {
    }

    // The jobs of the CTE `page`, each with its task counts by state and its candidate and verdict counts.
    private static final String JOB_VIEW_SELECT = """
            SELECT page.*, tc.*, cc.generated, vc.verified
            FROM page
            CROSS JOIN LATERAL (
                SELECT count(*)                                      AS tasks_total,
                       count(*) FILTER (WHERE t.state = 'QUEUED')     AS tasks_queued,
                       count(*) FILTER (WHERE t.state = 'GENERATING') AS tasks_generating,
                       count(*) FILTER (WHERE t.state = 'VERIFYING')  AS tasks_verifying,
                       count(*) FILTER (WHERE t.state = 'COMPLETED')  AS tasks_completed,
                       count(*) FILTER (WHERE t.state = 'FAILED')     AS tasks_failed
                FROM results.tasks t WHERE t.job_id = page.job_id) tc
            CROSS JOIN LATERAL (
                SELECT count(*) AS generated FROM results.candidates c WHERE c.job_id = page.job_id) cc
            CROSS JOIN LATERAL (
                SELECT count(*) AS verified FROM results.verdicts v WHERE v.job_id = page.job_id) vc
            ORDER BY page.submitted_at DESC, page.job_id DESC
            """;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Double>> PASS_AT_K = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    JobQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredJob> job(UUID jobId) {
        return jdbc.sql("WITH page AS (SELECT * FROM results.jobs WHERE job_id = :jobId)\n" + JOB_VIEW_SELECT)
                .param("jobId", jobId)
                .query((rs, row) -> new StoredJob(rs.getString("tenant"), jobView(rs)))
                .optional();
    }

    /** A tenant's jobs, newest first; {@code state} null for all states. */
    JobPage jobs(String tenant, JobState state, int page, int size) {
        String filter = "tenant = :tenant" + (state == null ? "" : " AND state = :state");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant);
        if (state != null) {
            params.put("state", state.name());
        }
        long total = jdbc.sql("SELECT count(*) FROM results.jobs WHERE " + filter)
                .params(params)
                .query(Long.class)
                .single();
        params.put("limit", size);
        params.put("offset", (long) page * size);
        List<JobView> items = jdbc.sql("WITH page AS (SELECT * FROM results.jobs WHERE " + filter
                        + " ORDER BY submitted_at DESC, job_id DESC LIMIT :limit OFFSET :offset)\n" + JOB_VIEW_SELECT)
                .params(params)
                .query((rs, row) -> jobView(rs))
                .list();
        return new JobPage(items, page, size, total);
    }

    List<TaskView> tasks(UUID jobId) {
        return jdbc.sql("SELECT * FROM results.tasks WHERE job_id = :jobId ORDER BY task_index")
                .param("jobId", jobId)
                .query((rs, row) -> taskView(rs))
                .list();
    }

    private static JobView jobView(ResultSet rs) throws SQLException {
        UUID jobId = rs.getObject("job_id", UUID.class);
        return new JobView(
                jobId,
                rs.getString("name"),
                JobState.valueOf(rs.getString("state")),
                rs.getInt("samples_per_task"),
                PipelineJson.fromJson(rs.getString("decoding"), DecodingSettings.class),
                instant(rs, "submitted_at"),
                instant(rs, "updated_at"),
                instant(rs, "completed_at"),
                rs.getString("error"),
                new JobView.TaskCounts(
                        rs.getInt("tasks_total"),
                        rs.getInt("tasks_queued"),
                        rs.getInt("tasks_generating"),
                        rs.getInt("tasks_verifying"),
                        rs.getInt("tasks_completed"),
                        rs.getInt("tasks_failed")),
                new JobView.CandidateCounts(rs.getLong("generated"), rs.getLong("verified")),
                passAtK(rs.getString("pass_at_k")),
                JobView.Links.of(jobId));
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
        return new TaskView(
                rs.getString("task_key"),
                rs.getInt("task_index"),
                problem.taskId(),
                TaskState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                problem,
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "completed_at"),
                taskPassAtK(rs));
    }

    /** pass@k of a task where computed (k ≤ n), else null. */
    private static Map<String, Double> taskPassAtK(ResultSet rs) throws SQLException {
        Map<String, Double> passAtK = new LinkedHashMap<>();
        for (int k : new int[] {1, 5, 10}) {
            double value = rs.getDouble("pass_at_" + k);
            if (!rs.wasNull()) {
                passAtK.put("pass@" + k, value);
            }
        }
        return passAtK.isEmpty() ? null : passAtK;
    }

    private static Map<String, Double> passAtK(String json) {
        return json == null ? null : PipelineJson.mapper().readValue(json, PASS_AT_K);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
