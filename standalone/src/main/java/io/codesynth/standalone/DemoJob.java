package io.codesynth.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.codesynth.contracts.JobState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The demo's client side: submits the problems to the gateway over HTTP and follows the job through
 * {@code GET /v1/jobs/{id}} (via the gateway, as any client would) until it reaches its final state, or
 * until one of its {@link DemoDeadlines} passes, which it then reports as such.
 *
 * <p>Without the workers that finish a job, the demo's end is the job stored with all its tasks queued
 * for generation.
 */
final class DemoJob {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    /**
     * How the demo job ended.
     *
     * @param succeeded   it reached its final state (or, without workers, was stored with all its tasks)
     * @param jobId       null if the gateway did not accept it
     * @param state       the job's last known state, or null
     * @param tasks       the job's tasks as last seen (task id and state), empty if never stored
     * @param workersRan  whether generation and verification workers were running
     * @param message     why it failed, or null
     * @param job         the job as {@code GET /v1/jobs/{id}} last showed it (counts, progress, pass@k), missing
     *                    if it was never seen
     */
    record Outcome(boolean succeeded, UUID jobId, JobState state, List<TaskLine> tasks, boolean workersRan,
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

    /** One task as the demo prints it. */
    record TaskLine(String taskId, String taskKey, String state) {
    }

    /**
     * One look at the job through the gateway.
     *
     * @param state the job's state, null before it is stored (or in a state this build does not know)
     * @param job   the job's JSON, missing before it is stored
     * @param line  the short status line the demo shows
     */
    record Seen(JobState state, JsonNode job, String line) {

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
    private final boolean workersRun;
    private final ProgressLine progress;
    private final PrintStream out;
    private final DemoDeadlines deadlines;

    DemoJob(GatewayClient gateway, boolean workersRun, ProgressLine progress, PrintStream out) {
        this(gateway, workersRun, progress, out, DemoDeadlines.DEFAULT);
    }

    DemoJob(GatewayClient gateway, boolean workersRun, ProgressLine progress, PrintStream out, DemoDeadlines deadlines) {
        this.gateway = gateway;
        this.workersRun = workersRun;
        this.progress = progress;
        this.out = out;
        this.deadlines = deadlines;
    }

    Outcome run(DemoProblems problems, int samples) {
        try {
            return submitAndFollow(problems, samples);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(null, workersRun, "interrupted");
        } catch (IOException e) {
            return Outcome.failed(null, workersRun, "the gateway did not answer: " + e.getMessage());
        }
    }

    private Outcome submitAndFollow(DemoProblems problems, int samples) throws IOException, InterruptedException {
        out.printf("submitting %d problems (%s), %d samples each, to the gateway ...%n",
                problems.count(), problems.source(), samples);
        GatewayClient.Response submitted = gateway.submitNdjson(problems.ndjson(), samples);
        if (!submitted.is(202)) {
            return Outcome.failed(null, workersRun, "the gateway refused the demo job: " + submitted.describe());
        }
        UUID jobId = jobIdOf(submitted);
        long start = System.nanoTime();
        DemoDeadlines.Watch watch = deadlines.watch(jobId, workersRun, start);
        while (true) {
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - start);
            Seen seen = look(jobId);
            if (seen.state() != null && isFinal(seen.state(), seen.job().path("counts"), problems.count())) {
                progress.finish(seen.line(), elapsed);
                return new Outcome(true, jobId, seen.state(), tasksOf(jobId), workersRun, null, seen.job());
            }
            String giveUp = watch.giveUp(seen.line(), seen.progress(), seen.allVerified(), now);
            if (giveUp != null) {
                progress.finish(seen.line(), elapsed);
                List<TaskLine> tasks = seen.state() == null ? List.of() : tasksOf(jobId);
                return new Outcome(false, jobId, seen.state(), tasks, workersRun, giveUp, seen.job());
            }
            show(seen, elapsed);
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private Seen look(UUID jobId) throws IOException, InterruptedException {
        GatewayClient.Response response = gateway.job(jobId);
        JobState state = response.is(200) ? stateOf(response.body()) : null;
        JsonNode job = response.is(200) ? response.body() : MissingNode.getInstance();
        return new Seen(state, job, describe(jobId, response, state));
    }

    /** How the job's progress shows while the demo waits: one line, rewritten in place on a terminal. */
    private void show(Seen seen, Duration elapsed) {
        progress.update(seen.line(), elapsed);
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

    /** One short line (it must fit a terminal to be rewritten in place): the state and the non-zero task counts. */
    private static String describe(UUID jobId, GatewayClient.Response response, JobState state) {
        String job = "job " + jobId.toString().substring(0, 8) + ": ";
        if (response.is(404)) {
            return job + "accepted, waiting for results-service to store it";
        }
        if (state == null) {
            return job + "the gateway answered " + response.describe();
        }
        JsonNode counts = response.body().path("counts");
        List<String> byState = new ArrayList<>();
        for (String taskState : List.of("queued", "generating", "verifying", "completed", "failed")) {
            int count = counts.path(taskState).asInt(0);
            if (count > 0) {
                byState.add(count + " " + taskState);
            }
        }
        return job + state + ", " + counts.path("tasks").asInt(0) + " tasks"
                + (byState.isEmpty() ? "" : " (" + String.join(", ", byState) + ")");
    }

    private static JobState stateOf(JsonNode job) {
        try {
            return JobState.valueOf(job.path("state").asString(""));
        } catch (IllegalArgumentException e) {
            // a state this build does not know yet: keep following the job
            return null;
        }
    }

    private List<TaskLine> tasksOf(UUID jobId) throws IOException, InterruptedException {
        GatewayClient.Response response = gateway.tasks(jobId);
        List<TaskLine> tasks = new ArrayList<>();
        for (JsonNode task : response.body().path("items")) {
            tasks.add(new TaskLine(task.path("taskId").asString(), task.path("taskKey").asString(),
                    task.path("state").asString()));
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
