package io.codesynth.verification.sandbox;

import io.codesynth.contracts.PipelineJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The JSON lines exchanged with the zygote (see zygote.py). */
final class ZygoteProtocol {

    private ZygoteProtocol() {
    }

    static String request(RunRequest request) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", request.id());
        json.put("language", request.language().id());
        json.put("format", request.format().id());
        json.put("program", request.program());
        json.put("setup", request.setup());
        json.put("entryPoint", request.entryPoint());
        json.put("tests", request.tests());
        json.put("heldOut", request.heldOut());
        RunLimits limits = request.limits();
        Map<String, Object> limitsJson = new LinkedHashMap<>();
        limitsJson.put("cpuSeconds", limits.cpuSeconds());
        limitsJson.put("wallSeconds", limits.wallSeconds());
        limitsJson.put("memoryMb", limits.memoryMb());
        limitsJson.put("maxProcesses", limits.maxProcesses());
        limitsJson.put("maxFileSizeKb", limits.maxFileSizeKb());
        limitsJson.put("maxOpenFiles", limits.maxOpenFiles());
        limitsJson.put("maxOutputKb", limits.maxOutputKb());
        json.put("limits", limitsJson);
        return PipelineJson.toJson(json);
    }

    /** The zygote's greeting, or an exception saying what arrived instead. */
    static JsonNode ready(String line) {
        JsonNode node = parse(line);
        if (!node.path("ready").asBoolean(false)) {
            throw new IllegalStateException("the sandbox did not report ready: " + abbreviate(line));
        }
        return node;
    }

    static RunResult response(String line, boolean sandboxed) {
        JsonNode node = parse(line);
        String status = node.path("status").asString("");
        if (!status.equals("done") && !status.equals("incomplete")) {
            return RunResult.sandboxFailure("the sandbox could not run the program (" + status + "): "
                    + node.path("message").asString(""), 0, sandboxed);
        }
        JsonNode plan = node.path("plan");
        JsonNode loadError = node.path("loadError");
        return new RunResult(
                null,
                text(node, "limit"),
                node.path("exitCode").isNumber() ? node.path("exitCode").asInt() : null,
                text(node, "signal"),
                plan.isObject() ? plan.path("t").asInt() : -1,
                plan.isObject() ? plan.path("h").asInt() : -1,
                tests(node.path("tests")),
                tests(node.path("heldOut")),
                node.path("rankingDone").asBoolean(false),
                node.path("heldOutDone").asBoolean(false),
                text(node, "syntaxError"),
                loadError.isArray() ? text(loadError.get(0)) : null,
                loadError.isArray() ? text(loadError.get(1)) : null,
                text(node, "badTest"),
                text(node, "tamper"),
                node.path("durationMicros").asLong(0),
                node.path("cpuMillis").asLong(0),
                node.path("stdoutBytes").asLong(0),
                node.path("stderrBytes").asLong(0),
                node.path("stderrTail").asString(""),
                node.path("truncated").asBoolean(false),
                node.path("leftoverProcesses").asInt(0),
                sandboxed);
    }

    private static List<TestResult> tests(JsonNode array) {
        List<TestResult> tests = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode test : array) {
                tests.add(new TestResult(test.get(0).asInt(), text(test.get(1)), text(test.get(2)), text(test.get(3)),
                        text(test.get(4))));
            }
        }
        return tests;
    }

    private static String text(JsonNode node, String field) {
        return text(node.get(field));
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asString();
    }

    private static JsonNode parse(String line) {
        try {
            return PipelineJson.mapper().readTree(line);
        } catch (JacksonException e) {
            throw new IllegalStateException("the sandbox sent something that is not JSON: " + abbreviate(line), e);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
