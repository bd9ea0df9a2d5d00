package io.codesynth.generation.testing;

import io.codesynth.contracts.DecodingAlgorithm;
import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Generation requests for tests: HumanEval-style problems decoded with a few steps, so the tiny model is quick. */
public final class TestRequests {

    /** Few positions and steps: a tiny model decodes them in milliseconds. */
    public static final DecodingSettings QUICK = new DecodingSettings(DecodingAlgorithm.ENTROPY, 12, 12, 0.8, 0.95,
            null, 0.0, 1e-3, null, null, null);

    private TestRequests() {
    }

    public static GenerationRequest request(UUID jobId, int taskIndex, String prompt, int samples) {
        return request(jobId, taskIndex, prompt, samples, QUICK);
    }

    public static GenerationRequest request(UUID jobId, int taskIndex, String prompt, int samples,
            DecodingSettings decoding) {
        Problem problem = new Problem("HumanEval/" + taskIndex, ProblemFormat.HUMANEVAL, Language.PYTHON, prompt,
                "solve", List.of("def check(candidate):\n    assert candidate() is None\n"), List.of(), null);
        return new GenerationRequest(PipelineMessage.SCHEMA_VERSION, jobId, "acme", Ids.taskKey(jobId, taskIndex),
                taskIndex, problem, samples, decoding, Ids.taskSeed(Ids.seedOf(jobId), taskIndex), null,
                Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** A prompt of about {@code tokens} tokens of the random checkpoint's tokenizer (one byte each). */
    public static String longPrompt(int tokens) {
        return "def solve():\n    \"\"\"" + "q".repeat(tokens) + "\"\"\"\n";
    }
}
