package io.codesynth.verification.judge;

import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.verification.sandbox.RunLimits;
import io.codesynth.verification.sandbox.RunRequest;

/**
 * Forms the program under test as the established harnesses do: HumanEval
 * {@code prompt + completion} (the tests define {@code check(candidate)}, called with the entry point),
 * MBPP the completion alone followed by {@code test_setup_code} and the assertions. The same shapes
 * hold for JavaScript (MultiPL-E).
 */
public final class ProgramAssembler {

    private ProgramAssembler() {
    }

    public static RunRequest request(Problem problem, String candidateId, String completion, RunLimits limits) {
        String program = problem.format() == ProblemFormat.HUMANEVAL ? problem.prompt() + completion : completion;
        return new RunRequest(candidateId, problem.language(), problem.format(), program, problem.testSetupCode(),
                problem.entryPoint(), problem.tests(), problem.heldOutTests(), limits);
    }
}
