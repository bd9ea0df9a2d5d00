package io.codesynth.standalone;

import tools.jackson.databind.JsonNode;

/**
 * One task of the demo job, as {@code GET /v1/jobs/{id}/tasks} shows it and the demo's summary prints it.
 *
 * @param taskId     the problem's own id ({@code HumanEval/0})
 * @param taskKey    the pipeline's key of the task ({@code <jobId>/<index>})
 * @param state      its state ({@code COMPLETED}, {@code FAILED}, ...)
 * @param reason     why it failed, else null
 * @param candidates candidates generated for it
 * @param best       its rank-1 candidate, null until it is ranked (and for a task that failed)
 */
record DemoTask(String taskId, String taskKey, String state, String reason, int candidates, Best best) {

    /**
     * The rank-1 candidate's figures: what put it first.
     *
     * @param verdict     {@code PASSED}, {@code FAILED}, {@code SYNTAX_ERROR}, ...
     * @param errorType   the exception type of an {@code ERROR} verdict, else null
     * @param testsPassed ranking tests passed
     * @param testsTotal  ranking tests run
     * @param clusterSize candidates of the task that behave like it (its own included)
     * @param confidence  its mean decoding confidence
     */
    record Best(String verdict, String errorType, int testsPassed, int testsTotal, int clusterSize, double confidence) {
    }

    /** A task of {@code GET /v1/jobs/{id}/tasks}; its first candidate counts as best only when it has rank 1. */
    static DemoTask of(JsonNode task) {
        JsonNode first = task.path("candidates").path(0);
        Best best = null;
        if (first.path("rank").asInt(0) == 1) {
            JsonNode verdict = first.path("verdict");
            best = new Best(
                    verdict.path("verdict").asString("-"),
                    text(verdict.path("errorType")),
                    verdict.path("tests").path("passed").asInt(0),
                    verdict.path("tests").path("total").asInt(0),
                    first.path("clusterSize").asInt(1),
                    first.path("meanConfidence").asDouble(0));
        }
        return new DemoTask(task.path("taskId").asString(""), task.path("taskKey").asString(""),
                task.path("state").asString(""), text(task.path("reason")), task.path("counts").path("generated").asInt(0),
                best);
    }

    private static String text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
