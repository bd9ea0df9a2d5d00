package io.codesynth.results.progress;

import static io.codesynth.results.TestMessages.Verdict.passed;
import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.results.TestJobs;
import io.codesynth.results.TestMessages;
import io.codesynth.results.TestPipeline;
import io.codesynth.results.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The task deadline: no task waits forever without a reason. */
class DeadlineSweeperTest {

    private static TestPipeline pipeline;

    @BeforeAll
    static void database() {
        pipeline = new TestPipeline(TestPostgres.migratedDatabase("deadline_unit"));
    }

    @Test
    void failsTheTasksWhoseMessagesStoppedArrivingAndCompletesTheJob() {
        JobSubmitted job = TestJobs.job("acme", 3, 2);
        accept(job);
        pipeline.tasks.acceptBatch(key(job, 0), bytes(TestMessages.batch(job, 0, 0.5, 0.6)));
        pipeline.tasks.acceptReport(key(job, 0), bytes(TestMessages.report(job, 0, passed("p"), passed("p"))));
        pipeline.tasks.acceptBatch(key(job, 1), bytes(TestMessages.batch(job, 1, 0.5, 0.6)));

        pipeline.clock.advance(TestPipeline.DEADLINE.minusMinutes(1));
        pipeline.sweeper.sweep();
        assertThat(state(job, 1)).isEqualTo("VERIFYING");
        assertThat(state(job, 2)).isEqualTo("QUEUED");

        pipeline.clock.advance(Duration.ofMinutes(2));
        pipeline.sweeper.sweep();

        assertThat(state(job, 0)).isEqualTo("COMPLETED");
        assertThat(state(job, 1)).isEqualTo("FAILED");
        assertThat(reason(job, 1)).isEqualTo("timed out waiting for verdicts: 0 of 2 candidates verified within 30m");
        assertThat(state(job, 2)).isEqualTo("FAILED");
        assertThat(reason(job, 2)).isEqualTo(
                "timed out waiting for candidates: no candidate batch arrived within 30m");
        assertThat(jobState(job)).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(pipeline.meters.counter("codesynth.results.tasks.finished", "state", "failed").count())
                .isGreaterThanOrEqualTo(2);

        // what arrives after the deadline is stored, but a final task stays final
        pipeline.tasks.acceptReport(key(job, 1), bytes(TestMessages.report(job, 1, passed("p"), passed("p"))));
        assertThat(state(job, 1)).isEqualTo("FAILED");
        assertThat(jobState(job)).isEqualTo("COMPLETED_WITH_ERRORS");
    }

    @Test
    void leavesTasksAloneWhileTheirJobMakesProgress() {
        JobSubmitted job = TestJobs.job("acme", 2, 1);
        accept(job);

        pipeline.clock.advance(Duration.ofMinutes(20));
        pipeline.tasks.acceptBatch(key(job, 0), bytes(TestMessages.batch(job, 0, 0.5)));
        pipeline.tasks.acceptReport(key(job, 0), bytes(TestMessages.report(job, 0, passed("p"))));
        pipeline.clock.advance(Duration.ofMinutes(15));
        pipeline.sweeper.sweep();
        // 35 minutes after the job arrived, but its last news is 15 minutes old: task 1 is waiting its turn
        assertThat(state(job, 1)).isEqualTo("QUEUED");

        pipeline.clock.advance(Duration.ofMinutes(16));
        pipeline.sweeper.sweep();
        assertThat(state(job, 1)).isEqualTo("FAILED");
        assertThat(jobState(job)).isEqualTo("COMPLETED_WITH_ERRORS");
    }

    private static void accept(JobSubmitted job) {
        pipeline.jobs.accept(job.jobId().toString(), PipelineJson.toBytes(job));
    }

    private static String key(JobSubmitted job, int task) {
        return job.tasks().get(task).taskKey();
    }

    private static byte[] bytes(Object message) {
        return PipelineJson.toBytes(message);
    }

    private static String state(JobSubmitted job, int task) {
        return pipeline.jdbc.queryForObject("SELECT state FROM results.tasks WHERE task_key = ?", String.class,
                key(job, task));
    }

    private static String reason(JobSubmitted job, int task) {
        return pipeline.jdbc.queryForObject("SELECT reason FROM results.tasks WHERE task_key = ?", String.class,
                key(job, task));
    }

    private static String jobState(JobSubmitted job) {
        return pipeline.jdbc.queryForObject("SELECT state FROM results.jobs WHERE job_id = ?", String.class,
                job.jobId());
    }
}
