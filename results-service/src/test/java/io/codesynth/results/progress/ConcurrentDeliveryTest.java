package io.codesynth.results.progress;

import static io.codesynth.results.TestMessages.Verdict.failed;
import static io.codesynth.results.TestMessages.Verdict.passed;
import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.results.TestJobs;
import io.codesynth.results.TestMessages;
import io.codesynth.results.TestPipeline;
import io.codesynth.results.TestPostgres;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumers of different topics (and instances) deliver a job's parts at the same time, in any order,
 * some twice: every task still completes once and the job completes once.
 */
class ConcurrentDeliveryTest {

    private static TestPipeline pipeline;

    @BeforeAll
    static void database() {
        pipeline = new TestPipeline(TestPostgres.migratedDatabase("concurrency_unit"));
    }

    @Test
    void completesEveryTaskAndTheJobExactlyOnce() throws Exception {
        int tasks = 8;
        JobSubmitted job = TestJobs.job("acme", tasks, 2);
        List<Callable<Object>> deliveries = new ArrayList<>();
        deliveries.add(() -> pipeline.jobs.accept(job.jobId().toString(), PipelineJson.toBytes(job)));
        for (int task = 0; task < tasks; task++) {
            String key = job.tasks().get(task).taskKey();
            byte[] batch = PipelineJson.toBytes(TestMessages.batch(job, task, 0.4, 0.8));
            byte[] report = PipelineJson.toBytes(TestMessages.report(job, task, passed("p"), failed("f")));
            for (int copy = 0; copy < 2; copy++) {
                deliveries.add(() -> pipeline.tasks.acceptBatch(key, batch));
                deliveries.add(() -> pipeline.tasks.acceptReport(key, report));
            }
        }
        Collections.shuffle(deliveries, new Random(42));

        ExecutorService consumers = Executors.newFixedThreadPool(4);
        try {
            for (Future<Object> delivery : consumers.invokeAll(deliveries)) {
                delivery.get();
            }
        } finally {
            consumers.shutdown();
        }

        assertThat(pipeline.jdbc.queryForList("SELECT DISTINCT state FROM results.tasks WHERE job_id = ?",
                String.class, job.jobId())).containsExactly("COMPLETED");
        assertThat(pipeline.jdbc.queryForObject("SELECT state FROM results.jobs WHERE job_id = ?", String.class,
                job.jobId())).isEqualTo("COMPLETED");
        List<String> types = pipeline.jdbc.queryForList(
                "SELECT message_type FROM results.outbox WHERE message_key = ? ORDER BY id", String.class,
                job.jobId().toString());
        assertThat(types).hasSize(tasks + 1);
        assertThat(types.subList(0, tasks)).containsOnly("TaskCompleted");
        assertThat(types.getLast()).isEqualTo("JobCompleted");
        assertThat(pipeline.jdbc.queryForObject("SELECT count(*) FROM results.candidates WHERE job_id = ?",
                Long.class, job.jobId())).isEqualTo(2L * tasks);
    }
}
