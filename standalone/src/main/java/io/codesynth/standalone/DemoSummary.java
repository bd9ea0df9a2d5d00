package io.codesynth.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The demo's closing summary: the job's state and settings, one row per task with its rank-1 candidate (verdict,
 * tests passed, behaviour cluster, confidence: the figures that ranked it first) and the reason of each failed
 * task, then the job's pass@k and, where the problems carry held-out tests, the held-out pass rate.
 */
final class DemoSummary {

    private static final List<String> HEADER = List.of("task", "state", "rank-1 verdict", "tests", "cluster", "confidence");
    private static final String NONE = "-";

    private DemoSummary() {
    }

    /** The summary's lines, for a job seen by {@code GET /v1/jobs/{id}} and its tasks. */
    static List<String> lines(JsonNode job, List<DemoTask> tasks) {
        List<String> lines = new ArrayList<>();
        lines.add(headline(job));
        lines.add("");
        lines.addAll(table(tasks));
        lines.add("");
        lines.add(passAtK(job));
        JsonNode heldOut = job.path("heldOutPassRate");
        if (heldOut.isNumber()) {
            lines.add("held-out pass rate of the rank-1 candidates: " + figure(heldOut.asDouble()));
        }
        return lines;
    }

    /** "job 1f0c…: COMPLETED in 41.2 s · 5 tasks × 4 samples · 64 new tokens in 64 steps". */
    static String headline(JsonNode job) {
        StringBuilder line = new StringBuilder("job ").append(job.path("jobId").asString("?")).append(": ")
                .append(job.path("state").asString("?"));
        JsonNode elapsed = job.path("timings").path("elapsedMillis");
        if (elapsed.isNumber()) {
            line.append(String.format(Locale.ROOT, " in %.1f s", elapsed.asLong() / 1000.0));
        }
        line.append(" · ").append(job.path("counts").path("tasks").asInt(0)).append(" tasks × ")
                .append(job.path("samplesPerTask").asInt(0)).append(" samples");
        JsonNode decoding = job.path("decoding");
        if (decoding.path("maxNewTokens").isNumber()) {
            line.append(" · ").append(decoding.path("maxNewTokens").asInt()).append(" new tokens in ")
                    .append(decoding.path("steps").asInt()).append(" steps");
        }
        return line.toString();
    }

    /** One row per task, columns padded to their widest cell; a failed task's reason on the line below it. */
    static List<String> table(List<DemoTask> tasks) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (DemoTask task : tasks) {
            rows.add(row(task));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < widths.length; i++) {
                line.append(' ').append(String.format("%-" + widths[i] + "s", rows.get(r).get(i))).append(' ');
            }
            lines.add(line.toString().stripTrailing());
            DemoTask task = r == 0 ? null : tasks.get(r - 1);
            if (task != null && task.reason() != null) {
                lines.add(" ".repeat(widths[0] + 4) + "reason: " + task.reason());
            }
        }
        return lines;
    }

    private static List<String> row(DemoTask task) {
        DemoTask.Best best = task.best();
        if (best == null) {
            return List.of(task.taskId(), task.state(), NONE, NONE, NONE, NONE);
        }
        // the exception type says more than ERROR alone; SYNTAX_ERROR or TIMEOUT already say what happened
        String verdict = best.verdict().equals("ERROR") && best.errorType() != null
                ? best.verdict() + " " + best.errorType() : best.verdict();
        return List.of(task.taskId(), task.state(), verdict,
                best.testsPassed() + "/" + best.testsTotal(),
                best.clusterSize() + " of " + task.candidates(),
                String.format(Locale.ROOT, "%.2f", best.confidence()));
    }

    /** "pass@1 0.250 · pass@5 0.600 (mean over 4 completed tasks)", or why there is none. */
    static String passAtK(JsonNode job) {
        JsonNode values = job.path("passAtK");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            parts.add(entry.getKey() + " " + figure(entry.getValue().asDouble()));
        }
        int completed = job.path("counts").path("completed").asInt(0);
        if (parts.isEmpty()) {
            return completed == 0 ? "pass@k: none, no task completed" : "pass@k: not reported";
        }
        int samples = job.path("samplesPerTask").asInt(0);
        String note = samples < 10 ? "; pass@k needs at least k samples per task" : "";
        return String.join(" · ", parts) + " (mean over " + completed + " completed task" + (completed == 1 ? "" : "s")
                + note + ")";
    }

    private static String figure(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
