package io.codesynth.results.intake;

import io.codesynth.contracts.JobState;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.JobTask;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.TaskState;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Writes of the job intake. Every insert is {@code ON CONFLICT DO NOTHING}, so a redelivered job can
 * never overwrite or duplicate what is already stored; callers run these in one transaction.
 */
public final class JobStore {

    private final NamedParameterJdbcTemplate jdbc;

    public JobStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks a message as processed; false if it already was (nothing else should then be written). */
    boolean markProcessed(String consumer, String messageId, Instant now) {
        return ProcessedMessages.mark(jdbc, consumer, messageId, now);
    }

    /** Inserts the job (state {@link JobState#QUEUED}); false if a job with this id already exists. */
    boolean insertJob(JobSubmitted job, Instant now) {
        int inserted = jdbc.update("""
                INSERT INTO results.jobs (job_id, tenant, name, state, samples_per_task, decoding, limits,
                                          submitted_at, created_at, updated_at)
                VALUES (:jobId, :tenant, :name, :state, :samplesPerTask, CAST(:decoding AS jsonb),
                        CAST(:limits AS jsonb), :submittedAt, :now, :now)
                ON CONFLICT (job_id) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("jobId", job.jobId())
                        .addValue("tenant", job.tenantId())
                        .addValue("name", job.jobName())
                        .addValue("state", JobState.QUEUED.name())
                        .addValue("samplesPerTask", job.samplesPerTask())
                        .addValue("decoding", PipelineJson.toJson(job.decoding()))
                        .addValue("limits", job.limits() == null ? null : PipelineJson.toJson(job.limits()))
                        .addValue("submittedAt", Timestamp.from(job.submittedAt()))
                        .addValue("now", Timestamp.from(now)));
        return inserted == 1;
    }

    /** Inserts the job's tasks (state {@link TaskState#QUEUED}); returns how many were new. */
    int insertTasks(JobSubmitted job, Instant now) {
        SqlParameterSource[] rows = job.tasks().stream()
                .map(task -> taskRow(job, task, now))
                .toArray(SqlParameterSource[]::new);
        int[] counts = jdbc.batchUpdate("""
                INSERT INTO results.tasks (task_key, job_id, task_index, task_id, format, language, prompt,
                                           entry_point, tests, held_out_tests, test_setup_code, state,
                                           created_at, updated_at)
                VALUES (:taskKey, :jobId, :taskIndex, :taskId, :format, :language, :prompt,
                        :entryPoint, CAST(:tests AS jsonb), CAST(:heldOutTests AS jsonb), :testSetupCode, :state,
                        :now, :now)
                ON CONFLICT (task_key) DO NOTHING""", rows);
        int inserted = 0;
        for (int count : counts) {
            // the driver may report SUCCESS_NO_INFO (-2) for batched statements; count those as written
            inserted += count == 0 ? 0 : 1;
        }
        return inserted;
    }

    private static SqlParameterSource taskRow(JobSubmitted job, JobTask task, Instant now) {
        Problem problem = task.problem();
        return new MapSqlParameterSource()
                .addValue("taskKey", task.taskKey())
                .addValue("jobId", job.jobId())
                .addValue("taskIndex", task.taskIndex())
                .addValue("taskId", problem.taskId())
                .addValue("format", problem.format().id())
                .addValue("language", problem.language().id())
                .addValue("prompt", problem.prompt())
                .addValue("entryPoint", problem.entryPoint())
                .addValue("tests", PipelineJson.toJson(problem.tests()))
                .addValue("heldOutTests", PipelineJson.toJson(problem.heldOutTests()))
                .addValue("testSetupCode", problem.testSetupCode())
                .addValue("state", TaskState.QUEUED.name())
                .addValue("now", Timestamp.from(now));
    }
}
