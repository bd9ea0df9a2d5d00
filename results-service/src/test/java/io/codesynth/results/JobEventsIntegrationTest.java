package io.codesynth.results;

import static io.codesynth.results.TestMessages.Verdict.failed;
import static io.codesynth.results.TestMessages.Verdict.passed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.JobSubmitted;
import io.codesynth.results.SseClient.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/** {@code GET /v1/jobs/{id}/events}: the current state first, then events until the job completes. */
class JobEventsIntegrationTest extends ServiceTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static KafkaTestClient kafka;

    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        kafka = new KafkaTestClient(broker.getBrokersAsString());
    }

    @AfterAll
    static void closeClients() {
        kafka.close();
    }

    @Test
    void aLateClientGetsTheCurrentStateThenEventsUntilTheJobCompletes() throws Exception {
        JobSubmitted job = TestJobs.job("acme", 3, 2);
        kafka.publish(job);
        kafka.publish(TestMessages.batch(job, 0, 0.5, 0.6));
        kafka.publish(TestMessages.report(job, 0, passed("p"), failed("f")));
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(jdbc.queryForObject(
                "SELECT state FROM results.tasks WHERE task_key = ?", String.class, job.tasks().get(0).taskKey())));

        try (SseClient events = new SseClient(port, "/v1/jobs/" + job.jobId() + "/events", ACME_KEY)) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.contentType()).startsWith("text/event-stream");

            Event current = events.next(PATIENCE);
            assertThat(current.name()).isEqualTo("progress");
            assertThat(current.data().get("jobId").asString()).isEqualTo(job.jobId().toString());
            assertThat(current.data().get("state").asString()).isEqualTo("GENERATING");
            assertThat(current.data().get("progress").get("tasks").get("completed").asInt()).isEqualTo(1);
            Event done = events.next(PATIENCE);
            assertThat(done.name()).isEqualTo("task-completed");
            assertThat(done.data().get("taskIndex").asInt()).isZero();
            assertThat(done.data().get("candidates").get(0).get("rankReason").asString())
                    .isEqualTo("rank 1: passed 1/1, cluster of 1, confidence 0.50");

            for (int task = 1; task < 3; task++) {
                kafka.publish(TestMessages.batch(job, task, 0.7, 0.8));
                kafka.publish(TestMessages.report(job, task, passed("p"), passed("p")));
            }

            List<Event> rest = new ArrayList<>();
            for (Event event = events.next(PATIENCE); event != null; event = events.next(PATIENCE)) {
                rest.add(event);
            }
            List<String> names = rest.stream().map(Event::name).toList();
            assertThat(names).filteredOn("task-completed"::equals).hasSize(2);
            assertThat(names.getLast()).isEqualTo("job-completed");
            assertThat(rest.stream().filter(e -> e.name().equals("task-completed"))
                    .map(e -> e.data().get("taskIndex").asInt())).containsExactlyInAnyOrder(1, 2);
            Event last = rest.getLast();
            assertThat(last.data().get("state").asString()).isEqualTo("COMPLETED");
            assertThat(last.data().get("passAtK").get("pass@1").asDouble()).isEqualTo((0.5 + 1 + 1) / 3);
            // progress events never go backwards
            List<Integer> completed = rest.stream().filter(e -> e.name().equals("progress"))
                    .map(e -> e.data().get("progress").get("tasks").get("completed").asInt()).toList();
            assertThat(completed).isSorted();
        }
    }

    @Test
    void aClientOfAFinishedJobGetsItsWholeStateAndTheStreamEnds() throws Exception {
        JobSubmitted job = TestJobs.job("acme", 1, 1);
        kafka.publish(job);
        kafka.publish(TestMessages.batch(job, 0, 0.5));
        kafka.publish(TestMessages.report(job, 0, passed("p")));
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(jdbc.queryForObject(
                "SELECT state FROM results.jobs WHERE job_id = ?", String.class, job.jobId())));

        try (SseClient events = new SseClient(port, "/v1/jobs/" + job.jobId() + "/events", ACME_KEY)) {
            List<String> names = new ArrayList<>();
            for (Event event = events.next(PATIENCE); event != null; event = events.next(PATIENCE)) {
                names.add(event.name());
            }
            assertThat(names).containsExactly("progress", "task-completed", "job-completed");
        }
        try (SseClient foreign = new SseClient(port, "/v1/jobs/" + job.jobId() + "/events", GLOBEX_KEY)) {
            assertThat(foreign.status()).isEqualTo(403);
        }
    }
}
