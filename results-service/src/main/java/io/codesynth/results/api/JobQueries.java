package io.codesynth.results.api;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.JobState;
import io.codesynth.contracts.PipelineJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/** The read side of the API for jobs: their state, progress counts, pass@k and timings. */
@Component
class JobQueries {

    /** A job and the tenant it belongs to (the caller decides between 403 and the view). */
    record StoredJob(String tenant, JobView view) {
    }

    // The jobs of the CTE `page`, each with its task counts by state and its progress figures.
    private static final String JOB_VIEW_SELECT = """
            SELECT page.*, tc.*, cc.*, vc.*, bc.*, rc.*, gw.*, vw.*
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
                SELECT count(*) AS verified, count(*) FILTER (WHERE v.verdict = 'PASSED') AS passed
                FROM results.verdicts v WHERE v.job_id = page.job_id) vc
            CROSS JOIN LATERAL (
                SELECT count(*) AS tasks_generated, min(b.generated_at) AS first_candidates_at
                FROM results.candidate_batches b WHERE b.job_id = page.job_id) bc
            CROSS JOIN LATERAL (
                SELECT count(DISTINCT r.task_key) AS tasks_verified, max(r.verified_at) AS last_verdicts_at
                FROM results.verification_reports r WHERE r.job_id = page.job_id) rc
            CROSS JOIN LATERAL (
                SELECT jsonb_object_agg(w.generated_by, w.n)::text AS generation_workers
                FROM (SELECT c.generated_by, count(*) AS n FROM results.candidates c
                      WHERE c.job_id = page.job_id AND c.generated_by IS NOT NULL GROUP BY c.generated_by) w) gw
            CROSS JOIN LATERAL (
                SELECT jsonb_object_agg(w.verified_by, w.n)::text AS verification_workers
                FROM (SELECT v.verified_by, count(*) AS n FROM results.verdicts v
                      WHERE v.job_id = page.job_id AND v.verified_by IS NOT NULL GROUP BY v.verified_by) w) vw
            ORDER BY page.submitted_at DESC, page.job_id DESC
            """;

    private static final TypeReference<Map<String, Double>> PASS_AT_K = new TypeReference<>() {
    };
    private static final TypeReference<TreeMap<String, Long>> WORKER_COUNTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Clock clock;

    JobQueries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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

    private JobView jobView(ResultSet rs) throws SQLException {
        UUID jobId = rs.getObject("job_id", UUID.class);
        int tasks = rs.getInt("tasks_total");
        int completed = rs.getInt("tasks_completed");
        int failed = rs.getInt("tasks_failed");
        int samples = rs.getInt("samples_per_task");
        long generated = rs.getLong("generated");
        long verified = rs.getLong("verified");
        Instant submittedAt = instant(rs, "submitted_at");
        Instant completedAt = instant(rs, "completed_at");
        double heldOut = rs.getDouble("held_out_pass_rate");
        Double heldOutPassRate = rs.wasNull() ? null : heldOut;
        return new JobView(
                jobId,
                rs.getString("name"),
                JobState.valueOf(rs.getString("state")),
                samples,
                PipelineJson.fromJson(rs.getString("decoding"), DecodingSettings.class),
                submittedAt,
                instant(rs, "updated_at"),
                completedAt,
                rs.getString("error"),
                new JobView.TaskCounts(
                        tasks,
                        rs.getInt("tasks_queued"),
                        rs.getInt("tasks_generating"),
                        rs.getInt("tasks_verifying"),
                        completed,
                        failed),
                new JobView.CandidateCounts(generated, verified),
                new JobView.Progress(
                        new JobView.TaskProgress(tasks, rs.getInt("tasks_generated"), rs.getInt("tasks_verified"),
                                completed, failed),
                        new JobView.CandidateProgress((long) tasks * samples, generated, verified, rs.getLong("passed")),
                        tasks == 0 ? 0 : (double) (completed + failed) / tasks),
                new JobView.Workers(workerCounts(rs.getString("generation_workers")),
                        workerCounts(rs.getString("verification_workers"))),
                passAtK(rs.getString("pass_at_k")),
                heldOutPassRate,
                new JobView.Timings(
                        instant(rs, "first_candidates_at"),
                        instant(rs, "last_verdicts_at"),
                        Math.max(0, Duration.between(submittedAt,
                                completedAt != null ? completedAt : clock.instant()).toMillis())),
                JobView.Links.of(jobId));
    }

    /** {@code {"<worker id>": count, ...}} in id order; empty when no row names a worker. */
    private static Map<String, Long> workerCounts(String json) {
        return json == null ? Map.of()
                : Collections.unmodifiableMap(PipelineJson.mapper().readValue(json, WORKER_COUNTS));
    }

    private static Map<String, Double> passAtK(String json) {
        return json == null ? null : PipelineJson.mapper().readValue(json, PASS_AT_K);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
