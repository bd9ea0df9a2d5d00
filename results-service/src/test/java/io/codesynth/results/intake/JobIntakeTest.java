package io.codesynth.results.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.results.TestJobs;
import io.codesynth.results.TestPipeline;
import io.codesynth.results.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The intake against a real PostgreSQL, without Kafka or Spring. */
class JobIntakeTest {

    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");

    private static JdbcTemplate jdbc;
    private static JobIntake intake;

    @BeforeAll
    static void database() {
        DataSource dataSource = TestPostgres.migratedDatabase("intake_unit");
        TestPipeline pipeline = new TestPipeline(dataSource);
        jdbc = pipeline.jdbc;
        intake = pipeline.jobs;
    }

    @Test
    void storesTheJobAndItsTasksAsQueued() {
        JobSubmitted job = TestJobs.job("acme", 3);

        assertThat(intake.accept(job.jobId().toString(), PipelineJson.toBytes(job))).isEqualTo(JobIntake.Outcome.STORED);

        Map<String, Object> row = jdbc.queryForMap("""
                SELECT tenant, name, state, samples_per_task, decoding->>'algorithm' AS algorithm,
                       limits->>'memoryMb' AS memory, submitted_at, created_at, completed_at
                FROM results.jobs WHERE job_id = ?""", job.jobId());
        assertThat(row).containsEntry("tenant", "acme").containsEntry("name", job.jobName())
                .containsEntry("state", "QUEUED").containsEntry("samples_per_task", 2)
                .containsEntry("algorithm", "entropy").containsEntry("memory", "512")
                .containsEntry("completed_at", null);
        assertThat(((java.sql.Timestamp) row.get("submitted_at")).toInstant()).isEqualTo(job.submittedAt());
        assertThat(((java.sql.Timestamp) row.get("created_at")).toInstant()).isEqualTo(NOW);

        List<Map<String, Object>> tasks = jdbc.queryForList("""
                SELECT task_key, task_index, task_id, format, entry_point, state, tests::text AS tests,
                       held_out_tests::text AS held_out, test_setup_code
                FROM results.tasks WHERE job_id = ? ORDER BY task_index""", job.jobId());
        assertThat(tasks).extracting(t -> t.get("task_key"))
                .containsExactly(job.jobId() + "/0", job.jobId() + "/1", job.jobId() + "/2");
        assertThat(tasks).extracting(t -> t.get("state")).containsOnly("QUEUED");
        assertThat(tasks.get(0)).containsEntry("task_id", "HumanEval/0").containsEntry("format", "humaneval")
                .containsEntry("entry_point", "add_0").containsEntry("held_out", "[]");
        assertThat(tasks.get(2)).containsEntry("task_id", "Mbpp/2").containsEntry("format", "mbpp")
                .containsEntry("held_out", "[\"assert square(-4) == 16\"]")
                .containsEntry("test_setup_code", "import math");
    }

    @Test
    void aSecondDeliveryChangesNothing() {
        JobSubmitted job = TestJobs.job("acme", 2);
        byte[] bytes = PipelineJson.toBytes(job);
        intake.accept(job.jobId().toString(), bytes);
        List<String> before = rowsOf(job);

        assertThat(intake.accept(job.jobId().toString(), bytes)).isEqualTo(JobIntake.Outcome.ALREADY_STORED);

        assertThat(rowsOf(job)).isEqualTo(before);
    }

    @Test
    void storesNothingOfARejectedRecord() {
        JobSubmitted job = TestJobs.job("acme", 1);

        assertThatThrownBy(() -> intake.accept("not-the-job-id", PipelineJson.toBytes(job)))
                .isInstanceOf(InvalidJobMessage.class);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM results.jobs WHERE job_id = ?", Long.class,
                job.jobId())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM results.processed_messages WHERE message_id = ?",
                Long.class, job.jobId().toString())).isZero();
    }

    private static List<String> rowsOf(JobSubmitted job) {
        String id = job.jobId().toString();
        return jdbc.queryForList("""
                SELECT to_jsonb(j)::text FROM results.jobs j WHERE job_id = CAST(? AS uuid)
                UNION ALL
                SELECT * FROM (SELECT to_jsonb(t)::text FROM results.tasks t WHERE job_id = CAST(? AS uuid)
                               ORDER BY task_index) tasks
                UNION ALL
                SELECT to_jsonb(p)::text FROM results.processed_messages p WHERE message_id = ?""",
                String.class, id, id, id);
    }
}
