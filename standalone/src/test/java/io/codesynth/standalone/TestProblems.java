package io.codesynth.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.codesynth.contracts.PipelineJson;
import tools.jackson.databind.node.ObjectNode;

/** HumanEval-format problem lines for the end-to-end tests. */
final class TestProblems {

    /**
     * A problem every completion passes, so that a random model also exercises the PASSED path of verification,
     * ranking and pass@k: its prompt already holds the whole function, and ends on a comment line, where the
     * completion lands. The program compiles as long as the completion has no line break; the random model starts
     * about half its answers with one, so some candidates fail with a syntax error and the ranking has both kinds
     * to order (the job's seed fixes which).
     */
    static final String ALWAYS_PASSES = line("CodeSynth/identity",
            "def identity(value):\n    \"\"\"Return value unchanged.\"\"\"\n    return value\n\n\n# completion: ",
            "identity",
            "def check(candidate):\n    assert candidate(1) == 1\n    assert candidate('a') == 'a'\n");

    /** Another one with a prompt of its own: with two of them, some candidate of the job passes all but surely. */
    static final String ALWAYS_PASSES_TOO = line("CodeSynth/negate",
            "def negate(number):\n    return -number\n\n\n# anything goes here: ",
            "negate",
            "def check(candidate):\n    assert candidate(2) == -2\n    assert candidate(-1.5) == 1.5\n    assert candidate(0) == 0\n");

    /**
     * A problem whose prompt the test checkpoint cannot decode: thousands of tokens against its context of
     * {@value PipelineUnderTest#CONTEXT}. The generation worker dead-letters its request.
     */
    static final String TOO_LONG_FOR_THE_MODEL = line("CodeSynth/too-long",
            "def too_long():\n    \"\"\"" + "A docstring far longer than the model's context. ".repeat(80) + "\"\"\"\n",
            "too_long",
            "def check(candidate):\n    assert candidate() is None\n");

    private TestProblems() {
    }

    /** The line of one of the bundled demo problems. */
    static String bundled(String taskId) {
        try {
            String all = new String(DemoProblems.bundled().ndjson(), StandardCharsets.UTF_8);
            return all.lines().filter(line -> PipelineJson.mapper().readTree(line).path("task_id").asString().equals(taskId))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no bundled problem " + taskId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines as an NDJSON body. */
    static byte[] ndjson(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String line(String taskId, String prompt, String entryPoint, String test) {
        ObjectNode problem = PipelineJson.mapper().createObjectNode()
                .put("task_id", taskId)
                .put("prompt", prompt)
                .put("entry_point", entryPoint)
                .put("test", test);
        return PipelineJson.mapper().writeValueAsString(problem);
    }
}
