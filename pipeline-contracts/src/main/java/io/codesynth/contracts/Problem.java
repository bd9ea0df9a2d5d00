package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNull;

import java.util.List;

/**
 * One programming problem of a job.
 *
 * @param taskId        the problem's own id as the client named it ({@code HumanEval/0}); unique within a job
 * @param format        how prompt, completion and tests form a program
 * @param language      the language of prompt, completion and tests
 * @param prompt        the code prefix (HumanEval) or the instruction (MBPP) given to the model
 * @param entryPoint    the function under test; required for HumanEval, may be null for MBPP
 * @param tests         HumanEval: one element, code defining {@code check(candidate)};
 *                      MBPP / assertion style: one assertion per element. Used for ranking.
 * @param heldOutTests  tests of the same shape that are run and reported but never used for ranking (may be empty)
 * @param testSetupCode code run before the tests (MBPP's {@code test_setup_code}); may be null
 */
public record Problem(
        String taskId,
        ProblemFormat format,
        Language language,
        String prompt,
        String entryPoint,
        List<String> tests,
        List<String> heldOutTests,
        String testSetupCode) {

    public Problem {
        nonBlank(taskId, "taskId");
        nonNull(format, "format");
        nonNull(language, "language");
        nonBlank(prompt, "prompt");
        nonNull(tests, "tests");
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("tests must not be empty");
        }
        if (format == ProblemFormat.HUMANEVAL) {
            nonBlank(entryPoint, "entryPoint");
        }
        tests = Require.elements(tests, "tests");
        heldOutTests = Require.elements(heldOutTests, "heldOutTests");
    }
}
