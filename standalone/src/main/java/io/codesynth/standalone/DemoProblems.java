package io.codesynth.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.codesynth.contracts.PipelineJson;
import io.codesynth.demomodel.GeneratedProblem;
import io.codesynth.demomodel.HumanEvalWriter;
import io.codesynth.demomodel.ProblemGenerator;
import io.codesynth.demomodel.Split;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The problems the demo submits: JSON lines in HumanEval's format ({@code task_id, prompt, entry_point, test})
 * or MBPP's ({@code task_id, text, test_list, ...}, the task id often a number), sent to the gateway unchanged
 * as NDJSON; it reads both. Only what the demo itself needs is checked here (one JSON object with a
 * {@code task_id} per line); the gateway validates the rest and names the line of any problem it refuses.
 *
 * @param source  where the problems came from, for messages
 * @param ndjson  the body to submit
 * @param taskIds the {@code task_id} of each problem, in order (a numeric MBPP id as its digits)
 * @param formats the formats the lines are in, in order of first appearance: {@code HumanEval}, {@code MBPP}
 */
record DemoProblems(String source, byte[] ndjson, List<String> taskIds, List<String> formats) {

    static final String BUNDLED_RESOURCE = "/demo/humaneval-demo.jsonl";

    DemoProblems {
        taskIds = List.copyOf(taskIds);
        formats = List.copyOf(formats);
    }

    /** The five HumanEval problems that ship with the standalone. */
    static DemoProblems bundled() throws IOException {
        try (InputStream in = DemoProblems.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled demo problems " + BUNDLED_RESOURCE + " are missing from the jar");
            }
            return parse("bundled with CodeSynth", in.readAllBytes());
        }
    }

    /**
     * The first {@code count} held-out problems of the demo task family (seed 42), in HumanEval format: problems
     * the bundled demo model never saw in training (models/README.md).
     */
    static DemoProblems heldOut(int count) {
        StringBuilder ndjson = new StringBuilder();
        for (GeneratedProblem problem : new ProblemGenerator(HumanEvalWriter.DEFAULT_SEED).generate(Split.HELD_OUT, 0, count)) {
            ndjson.append(HumanEvalWriter.toJsonLine(problem)).append('\n');
        }
        return parse("held-out problems of the demo model's task family", ndjson.toString().getBytes(StandardCharsets.UTF_8));
    }

    static DemoProblems fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("--problems: no such file " + file);
        }
        return parse(file.toString(), Files.readAllBytes(file));
    }

    int count() {
        return taskIds.size();
    }

    /** "5 problems (bundled with CodeSynth, HumanEval format)", for the line that announces the submission. */
    String describe() {
        return count() + (count() == 1 ? " problem" : " problems") + " (" + source + ", " + String.join(" and ", formats)
                + " format)";
    }

    static DemoProblems parse(String source, byte[] ndjson) {
        List<String> taskIds = new ArrayList<>();
        Set<String> formats = new LinkedHashSet<>();
        String[] lines = new String(ndjson, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode problem;
            try {
                problem = PipelineJson.mapper().readTree(lines[i]);
            } catch (JacksonException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + " is not JSON: " + e.getOriginalMessage());
            }
            JsonNode id = problem.path("task_id");
            String taskId = id.isString() || id.isIntegralNumber() ? id.asString() : "";
            if (taskId.isBlank()) {
                throw new IllegalArgumentException(source + " line " + (i + 1)
                        + " has no task_id (HumanEval or MBPP format expected)");
            }
            taskIds.add(taskId);
            // the gateway's own rule: an MBPP line has test_list or text, anything else is read as HumanEval
            formats.add(problem.has("test_list") || problem.has("text") ? "MBPP" : "HumanEval");
        }
        if (taskIds.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no problems");
        }
        return new DemoProblems(source, ndjson, taskIds, List.copyOf(formats));
    }
}
