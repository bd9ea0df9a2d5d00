package io.codesynth.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.codesynth.contracts.PipelineJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The problems the demo submits: HumanEval-format JSON lines, sent to the gateway unchanged. Only
 * what the demo itself needs is checked here (one JSON object with a {@code task_id} per line); the
 * gateway validates the rest.
 *
 * @param source  where the problems came from, for messages
 * @param ndjson  the body to submit
 * @param taskIds the {@code task_id} of each problem, in order
 */
record DemoProblems(String source, byte[] ndjson, List<String> taskIds) {

    static final String BUNDLED_RESOURCE = "/demo/humaneval-demo.jsonl";

    DemoProblems {
        taskIds = List.copyOf(taskIds);
    }

    /** The five HumanEval problems that ship with the standalone. */
    static DemoProblems bundled() throws IOException {
        try (InputStream in = DemoProblems.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled demo problems " + BUNDLED_RESOURCE + " are missing from the jar");
            }
            return parse("the bundled HumanEval problems", in.readAllBytes());
        }
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

    static DemoProblems parse(String source, byte[] ndjson) {
        List<String> taskIds = new ArrayList<>();
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
            String taskId = problem.path("task_id").asString("");
            if (taskId.isBlank()) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + " has no task_id (HumanEval format expected)");
            }
            taskIds.add(taskId);
        }
        if (taskIds.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no problems");
        }
        return new DemoProblems(source, ndjson, taskIds);
    }
}
