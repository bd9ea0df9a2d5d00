package io.codesynth.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.codesynth.contracts.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The demo's client side: submits the problems to the gateway over HTTP and follows the job until it reaches
 * its final state, or until one of its {@link DemoDeadlines} passes, which it then reports as such. It follows
 * the job's live events ({@code GET /v1/jobs/{id}/events}, through the gateway as any client would) and falls
 * back to asking {@code GET /v1/jobs/{id}} every {@link #TICK} when the stream cannot be had or breaks.
 *
 * <p>Without the workers that finish a job, the demo's end is the job stored with all its tasks queued
 * for generation.
 */
final class DemoJob {

    /** How often the progress line and the deadlines are looked at, and the job asked for when polling. */
    static final Duration TICK = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(DemoJob.class);
    private static final int BAR_WIDTH = 10;

    /**
     * How the demo job ended.
     *
     * @param succeeded   it reached its final state (or, without workers, was stored with all its tasks)
     * @param jobId       null if the gateway did not accept it
     * @param state       the job's last known state, or null
     * @param tasks       the job's tasks as last seen, empty if never stored
     * @param workersRan  whether generation and verification workers were running
     * @param message     why it failed, or null
     * @param job         the job as {@code GET /v1/jobs/{id}} last showed it (counts, progress, pass@k), missing
     *                    if it was never seen
     */
    record Outcome(boolean succeeded, UUID jobId, JobState state, List<DemoTask> tasks, boolean workersRan,
                   String message, JsonNode job) {

        static Outcome failed(UUID jobId, boolean workersRan, String message) {
            return new Outcome(false, jobId, null, List.of(), workersRan, message, MissingNode.getInstance());
        }

        /**
         * The standalone's exit status with {@code --exit-when-done}: 0 when the job went as far as this run
         * takes it, and, with the workers, ended {@code COMPLETED}; 1 otherwise (a job that ended failed, or in
         * part failed, shows a broken pipeline as much as one that never ended).
         */
        int exitStatus() {
            return succeeded && (!workersRan || state == JobState.COMPLETED) ? 0 : 1;
        }
    }

    /**
     * One look at the job, from an event or a poll.
     *
     * @param state the job's state, null before it is stored (or in a state this build does not know)
     * @param job   the job's JSON, missing before it is stored
     * @param line  the short status line the demo shows
     */
    record Seen(JobState state, JsonNode job, String line) {

        /** The job as {@code GET /v1/jobs/{id}} or a {@code progress} event shows it. */
        static Seen of(JsonNode job) {
            JobState state = stateOf(job);
            return new Seen(state, job, state == null ? "job in state " + job.path("state") : progressLine(job));
        }

        /** What changes whenever the job advances: its state, task counts and progress figures. */
        String progress() {
            return state + " " + job.path("counts") + " " + job.path("progress");
        }

        /** Whether every task has its verification report (results-service's progress figures, when it has them). */
        boolean allVerified() {
            JsonNode tasks = job.path("progress").path("tasks");
            int total = tasks.path("total").asInt(0);
            return total > 0 && tasks.path("verified").asInt(0) >= total;
        }
    }

    private final GatewayClient gateway;
    private final JobEventStream.Opener events;
    private final boolean workersRun;
    private final ProgressLine progress;
    private final PrintStream out;
    private final DemoDeadlines deadlines;

    DemoJob(GatewayClient gateway, boolean workersRun, ProgressLine progress, PrintStream out) {
        this(gateway, gateway::events, workersRun, progress, out, DemoDeadlines.DEFAULT);
    }

    /** @param events how the job's event stream is opened (a test can refuse it, to see the demo poll instead) */
    DemoJob(GatewayClient gateway, JobEventStream.Opener events, boolean workersRun, ProgressLine progress,
            PrintStream out, DemoDeadlines deadlines) {
        this.gateway = gateway;
        this.events = events;
        this.workersRun = workersRun;
        this.progress = progress;
        this.out = out;
        this.deadlines = deadlines;
    }

    Outcome run(DemoProblems problems, DemoSettings settings) {
        try {
            return submitAndFollow(problems, settings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(null, workersRun, "interrupted");
        } catch (IOException e) {
            return Outcome.failed(null, workersRun, "the gateway did not answer: " + e.getMessage());
        }
    }

    private Outcome submitAndFollow(DemoProblems problems, DemoSettings settings) throws IOException, InterruptedException {
        out.printf("submitting %s to the gateway, %s ...%n", problems.describe(), settings.describe());
        GatewayClient.Response submitted = gateway.submitNdjson(problems.ndjson(), settings);
        if (!submitted.is(202)) {
            return Outcome.failed(null, workersRun, "the gateway refused the demo job: " + submitted.describe());
        }
        UUID jobId = jobIdOf(submitted);
        out.println("job " + jobId + " accepted; following it");
        try (Follow follow = new Follow(jobId)) {
            return follow.toTheEnd(problems.count());
        }
    }

    /** Following one job: its deadlines, and the event stream while there is one. */
    private final class Follow implements AutoCloseable {

        private final UUID jobId;
        private JobEventStream stream;
        /** Set once the stream could not be had or broke: the job is polled from then on. */
        private boolean polling = !workersRun;

        Follow(UUID jobId) {
            this.jobId = jobId;
        }

        Outcome toTheEnd(int problems) throws IOException, InterruptedException {
            long start = System.nanoTime();
            DemoDeadlines.Watch watch = deadlines.watch(jobId, workersRun, start);
            Seen seen = look();
            while (true) {
                long now = System.nanoTime();
                Duration elapsed = Duration.ofNanos(now - start);
                if (seen.state() != null && isFinal(seen.state(), seen.job().path("counts"), problems)) {
                    progress.finish(seen.line(), elapsed);
                    return new Outcome(true, jobId, seen.state(), tasksOf(jobId), workersRun, null, seen.job());
                }
                String giveUp = watch.giveUp(seen.line(), seen.progress(), seen.allVerified(), now);
                if (giveUp != null) {
                    progress.finish(seen.line(), elapsed);
                    List<DemoTask> tasks = seen.state() == null ? List.of() : tasksOf(jobId);
                    return new Outcome(false, jobId, seen.state(), tasks, workersRun, giveUp, seen.job());
                }
                progress.update(seen.line(), elapsed);
                seen = next(seen);
            }
        }

        /**
         * What the job looks like a tick later: the next state its stream brings, the last one when the stream
         * was quiet, or a fresh poll. The stream is opened once results-service has the job (before, it answers
         * 404 there as well).
         */
        private Seen next(Seen last) throws IOException, InterruptedException {
            if (stream == null && !polling && last.state() != null) {
                try {
                    stream = events.open(jobId);
                } catch (IOException e) {
                    pollFromNowOn("no event stream: " + e.getMessage());
                }
            }
            if (stream == null) {
                TimeUnit.MILLISECONDS.sleep(TICK.toMillis());
                return look();
            }
            Optional<JobEventStream.Event> event = stream.next(TICK);
            if (event.isEmpty()) {
                return last;
            }
            JobEventStream.Event received = event.get();
            if (received.isEnd()) {
                close();
                if (received.problem() != null) {
                    pollFromNowOn("the event stream broke: " + received.problem());
                }
                // ended by the server (its streams have a lifetime): the next tick opens a new one
                return look();
            }
            if (received.name().equals(JobEventStream.PROGRESS) || received.name().equals(JobEventStream.JOB_COMPLETED)) {
                return Seen.of(received.data());
            }
            // task-completed: the progress event that follows carries the new counts
            return last;
        }

        private void pollFromNowOn(String why) {
            log.info("Following job {} by polling GET /v1/jobs/{}: {}", jobId, jobId, why);
            polling = true;
        }

        private Seen look() throws IOException, InterruptedException {
            GatewayClient.Response response = gateway.job(jobId);
            if (response.is(200)) {
                return Seen.of(response.body());
            }
            String job = "job " + jobId.toString().substring(0, 8) + ": ";
            return new Seen(null, MissingNode.getInstance(), response.is(404)
                    ? job + "accepted, waiting for results-service to store it"
                    : job + "the gateway answered " + response.describe());
        }

        @Override
        public void close() {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
    }

    /**
     * Final: a final job state; or, without the workers that finish a job, stored with every task queued.
     * A task the generation worker already served may have left "queued" by the time it is seen (once
     * results-service records candidate batches); it was queued all the same.
     */
    private boolean isFinal(JobState state, JsonNode counts, int problems) {
        if (workersRun || state.isFinal()) {
            return state.isFinal();
        }
        return counts.path("tasks").asInt(-1) == problems;
    }

    /**
     * One short line (it must fit a terminal to be rewritten in place): a bar over the three steps of every
     * task (generated, verified, final), then the count of each, e.g.
     * {@code [#####.....] 3/5 generated · 2/5 verified · 1/5 completed}; failed tasks count as final in the
     * bar and are named on their own.
     */
    static String progressLine(JsonNode job) {
        JsonNode tasks = job.path("progress").path("tasks");
        int total = tasks.path("total").asInt(job.path("counts").path("tasks").asInt(0));
        int generated = tasks.path("generated").asInt(0);
        int verified = tasks.path("verified").asInt(0);
        int completed = tasks.path("completed").asInt(0);
        int failed = tasks.path("failed").asInt(0);
        JobState state = stateOf(job);
        double done = state != null && state.isFinal() ? 1
                : total == 0 ? 0 : Math.min(1, (generated + verified + completed + failed) / (3.0 * total));
        int filled = (int) Math.floor(done * BAR_WIDTH);
        StringBuilder line = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled))
                .append("] ")
                .append(generated).append('/').append(total).append(" generated · ")
                .append(verified).append('/').append(total).append(" verified · ")
                .append(completed).append('/').append(total).append(" completed");
        if (failed > 0) {
            line.append(" · ").append(failed).append(" failed");
        }
        return line.toString();
    }

    private static JobState stateOf(JsonNode job) {
        try {
            return JobState.valueOf(job.path("state").asString(""));
        } catch (IllegalArgumentException e) {
            // a state this build does not know yet: keep following the job
            return null;
        }
    }

    private List<DemoTask> tasksOf(UUID jobId) throws IOException, InterruptedException {
        GatewayClient.Response response = gateway.tasks(jobId);
        List<DemoTask> tasks = new ArrayList<>();
        for (JsonNode task : response.body().path("items")) {
            tasks.add(DemoTask.of(task));
        }
        return tasks;
    }

    private static UUID jobIdOf(GatewayClient.Response submitted) throws IOException {
        String id = submitted.body().path("jobId").asString("");
        if (id.isBlank()) {
            // fall back to the Location header, /v1/jobs/{id}
            id = submitted.location().map(location -> location.substring(location.lastIndexOf('/') + 1)).orElse("");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IOException("the gateway accepted the job but named no job id (" + submitted.describe() + ")", e);
        }
    }
}
