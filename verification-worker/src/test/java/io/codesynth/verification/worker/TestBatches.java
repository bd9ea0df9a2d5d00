package io.codesynth.verification.worker;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.ModelInfo;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.SandboxLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Candidate batches for tests: a small HumanEval-style problem and completions of it. */
final class TestBatches {

    static final Problem PROBLEM = new Problem("Demo/0", ProblemFormat.HUMANEVAL, Language.PYTHON,
            "def add(a: int, b: int) -> int:\n    \"\"\"Add two numbers.\"\"\"\n", "add",
            List.of("def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n"),
            List.of("def check(candidate):\n    assert candidate(10, 5) == 15\n"), null);

    private TestBatches() {
    }

    static CandidateBatch batch(UUID jobId, int taskIndex, String... completions) {
        String taskKey = Ids.taskKey(jobId, taskIndex);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < completions.length; i++) {
            candidates.add(new Candidate(Ids.candidateId(taskKey, i), i, completions[i], List.of(1, 2, 3), 8, 0.9, -1.5,
                    List.of(0, 1, 2), 120));
        }
        return new CandidateBatch(1, Ids.candidateBatchId(taskKey), jobId, "acme", taskKey, PROBLEM, model(),
                candidates, new SandboxLimits(null, 5.0, null, null, null, null, null), Instant.parse("2025-01-01T00:00:00Z"),
                "gpu-node-3/48121");
    }

    private static ModelInfo model() {
        return new ModelInfo("demo-diffusion-coder", "cpu", "f32");
    }
}
