package io.codesynth.verification.sandbox;

import io.codesynth.contracts.Language;
import io.codesynth.contracts.ProblemFormat;
import java.util.List;
import java.util.Objects;

/**
 * One program to run with its tests, as the harness inside the sandbox receives it.
 *
 * @param id         a label for logs (the candidate id)
 * @param language   the harness to use
 * @param format     HUMANEVAL: each test is code defining {@code check(candidate)} (or a MultiPL-E test
 *                   script); MBPP: each test is one assertion
 * @param program    the code under test: prompt + completion (HumanEval) or the completion (MBPP)
 * @param setup      code run after the program and before the tests (MBPP's test_setup_code); may be null
 * @param entryPoint the function under test; may be null for MBPP
 * @param tests      the ranking tests
 * @param heldOut    tests run after the ranking tests and reported separately
 * @param limits     the limits of this run
 */
public record RunRequest(
        String id,
        Language language,
        ProblemFormat format,
        String program,
        String setup,
        String entryPoint,
        List<String> tests,
        List<String> heldOut,
        RunLimits limits) {

    public RunRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(limits, "limits");
        tests = List.copyOf(tests);
        heldOut = heldOut == null ? List.of() : List.copyOf(heldOut);
    }
}
