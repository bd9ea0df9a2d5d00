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

/**
 * The demo's client side: submits the problems to the gateway over HTTP and follows the job through
 * {@code GET /v1/jobs/{id}} (via the gateway, as any client would) until it reaches its final state.
 *
 * <p>Without a verification worker a job cannot reach a final state; the demo's end is then the job
 * stored with all its tasks queued for generation (the generation worker, when it runs, goes on decoding
 * them after the demo's end).
 */
final class DemoJob {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** How long storing a job may take before the demo gives up. */
    static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    /** How long a whole job may take when workers run. */
    static final Duration JOB_TIMEOUT = Duration.ofHours(1);

    /**
     * How the demo job ended.
     *
     * @param succeeded   it reached its final state
     * @param jobId       null if the gateway did not accept it
     * @param state       the job's last known state, or null
     * @param tasks       the job's tasks as last seen (task id and state), empty if never stored
     * @param workersRan  whether generation and verification workers were running
     * @param message     why it failed, or null
     */
    record Outcome(boolean succeeded, UUID jobId, JobState state, List<TaskLine> tasks, boolean workersRan, String message) {

        static Outcome failed(UUID jobId, boolean workersRan, String message) {
            return new Outcome(false, jobId, null, List.of(), workersRan, message);
        }
    }

    /** One task as the demo prints it. */
    record TaskLine(String taskId, String taskKey, String state) {
    }

    private final GatewayClient gateway;
    private final boolean workersRun;
    private final ProgressLine progress;
    private final PrintStream out;

    DemoJob(GatewayClient gateway, boolean workersRun, ProgressLine progress, PrintStream out) {
        this.gateway = gateway;
        this.workersRun = workersRun;
        this.progress = progress;
        this.out = out;
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
        Duration timeout = workersRun ? JOB_TIMEOUT : STORE_TIMEOUT;
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            GatewayClient.Response response = gateway.job(jobId);
            JobState state = response.is(200) ? stateOf(response.body()) : null;
            String status = describe(jobId, response, state);
            if (state != null && isFinal(state, response.body().path("counts"), problems.count())) {
                progress.finish(status, elapsed);
                return new Outcome(true, jobId, state, tasksOf(jobId), workersRun, null);
            }
            if (elapsed.compareTo(timeout) > 0) {
                progress.finish(status, elapsed);
                return Outcome.failed(jobId, workersRun, "job " + jobId + " did not reach its final state within "
                        + timeout.toMinutes() + " min; last seen: " + status);
            }
            progress.update(status, elapsed);
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
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
