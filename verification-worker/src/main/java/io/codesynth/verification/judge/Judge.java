package io.codesynth.verification.judge;

import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.verification.sandbox.RunLimits;
import io.codesynth.verification.sandbox.RunResult;
import io.codesynth.verification.sandbox.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns what happened in the sandbox into a verdict.
 *
 * <p>Order of precedence: the sandbox failed or the tests are unusable ({@code SANDBOX_ERROR}); the
 * program interfered with the harness ({@code ERROR}, type {@value #TAMPERING}); it did not compile
 * ({@code SYNTAX_ERROR}). If every ranking test reported, the verdict follows them alone (held-out
 * tests never change it, even when a limit stopped them): all passed is {@code PASSED}, otherwise the
 * first test that did not pass decides ({@code FAILED} for an assertion, {@code ERROR} with the
 * exception, {@code MEMORY_LIMIT} for a MemoryError). If the ranking tests did not all report, the
 * limit that stopped the run decides ({@code TIMEOUT}, {@code OUTPUT_LIMIT}, {@code MEMORY_LIMIT}),
 * else the program ended early: {@code ERROR} of type {@value #EARLY_EXIT} (this is where
 * {@code sys.exit(0)} before the tests lands).
 */
public final class Judge {

    public static final String TAMPERING = "HarnessTampering";
    public static final String EARLY_EXIT = "EarlyExit";
    public static final String INVALID_TESTS = "InvalidTests";
    static final int STDERR_TAIL = 2000;

    private Judge() {
    }

    /**
     * @param fallbackTotal the number of ranking tests to report if the harness never said (the sandbox failed)
     */
    public static CandidateVerdict verdict(String candidateId, int sampleIndex, RunResult run, RunLimits limits,
                                           int fallbackTotal) {
        int total = run.rankingTests() >= 0 ? run.rankingTests() : fallbackTotal;
        List<TestOutcome> signature = signature(run.tests(), total);
        int passed = (int) run.tests().stream().filter(TestResult::passed).count();
        TestTally tests = new TestTally(Math.min(passed, total), total);
        TestTally heldOut = run.heldOutTests() > 0
                ? new TestTally((int) run.heldOut().stream().filter(TestResult::passed).count(), run.heldOutTests())
                : null;
        Decision decision = decide(run, limits, total);
        return new CandidateVerdict(candidateId, sampleIndex, decision.kind(), tests, heldOut,
                run.durationMicros() / 1000, signature, decision.errorType(), decision.errorMessage(),
                tail(run.stderrTail()), run.outputTruncated(), run.sandboxed());
    }

    private record Decision(VerdictKind kind, String errorType, String errorMessage) {
    }

    private static Decision decide(RunResult run, RunLimits limits, int total) {
        if (run.sandboxError() != null) {
            return new Decision(VerdictKind.SANDBOX_ERROR, null, run.sandboxError());
        }
        if (run.badTest() != null) {
            return new Decision(VerdictKind.SANDBOX_ERROR, INVALID_TESTS, run.badTest());
        }
        if (run.tamper() != null) {
            return new Decision(VerdictKind.ERROR, TAMPERING, run.tamper());
        }
        if (run.syntaxError() != null) {
            return new Decision(VerdictKind.SYNTAX_ERROR, "SyntaxError", run.syntaxError());
        }
        if (run.rankingDone()) {
            if (run.loadErrorType() != null) {
                return error(run.loadErrorType(), run.loadErrorMessage(), limits);
            }
            for (TestResult test : run.tests()) {
                if (test.passed()) {
                    continue;
                }
                if ("fail".equals(test.outcome())) {
                    String returned = test.value() == null ? "" : " (the candidate returned " + test.value() + ")";
                    return new Decision(VerdictKind.FAILED, null,
                            "test " + (test.index() + 1) + " of " + total + " failed" + returned);
                }
                return error(test.errorType(), test.errorMessage(), limits);
            }
            return new Decision(VerdictKind.PASSED, null, null);
        }
        if (run.limit() != null) {
            return switch (run.limit()) {
                case "wall" -> new Decision(VerdictKind.TIMEOUT, null,
                        "wall-clock limit of " + seconds(limits.wallSeconds()) + " reached");
                case "cpu" -> new Decision(VerdictKind.TIMEOUT, null,
                        "CPU time limit of " + seconds(limits.cpuSeconds()) + " reached");
                case "output" -> new Decision(VerdictKind.OUTPUT_LIMIT, null,
                        "wrote more than " + limits.maxOutputKb() + " KB to stdout or stderr");
                case "fsize" -> new Decision(VerdictKind.OUTPUT_LIMIT, null,
                        "tried to write a file larger than " + limits.maxFileSizeKb() + " KB");
                case "memory" -> memory(limits);
                default -> new Decision(VerdictKind.ERROR, null, "stopped by the " + run.limit() + " limit");
            };
        }
        if ("MemoryError".equals(run.loadErrorType())
                || run.tests().stream().anyMatch(test -> "MemoryError".equals(test.errorType()))) {
            return memory(limits);
        }
        int ran = run.tests().size();
        String how = run.signal() != null ? "was killed by " + run.signal() : "exited with status " + run.exitCode();
        return new Decision(VerdictKind.ERROR, EARLY_EXIT,
                "the program " + how + " before the tests completed (" + ran + " of " + total + " ran)");
    }

    private static Decision error(String type, String message, RunLimits limits) {
        if ("MemoryError".equals(type)) {
            return memory(limits);
        }
        return new Decision(VerdictKind.ERROR, type == null ? "Error" : type, message);
    }

    private static Decision memory(RunLimits limits) {
        return new Decision(VerdictKind.MEMORY_LIMIT, null, "memory limit of " + limits.memoryMb() + " MB reached");
    }

    static List<TestOutcome> signature(List<TestResult> tests, int total) {
        TestOutcome[] outcomes = new TestOutcome[total];
        for (TestResult test : tests) {
            if (test.index() >= 0 && test.index() < total) {
                outcomes[test.index()] = new TestOutcome(test.outcome(), test.value());
            }
        }
        List<TestOutcome> signature = new ArrayList<>(total);
        for (TestOutcome outcome : outcomes) {
            // a test that never reported (the run was stopped) counts as an error
            signature.add(outcome != null ? outcome : new TestOutcome("error", null));
        }
        return signature;
    }

    private static String seconds(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f s", value)
                : String.format(Locale.ROOT, "%.1f s", value);
    }

    private static String tail(String stderr) {
        if (stderr == null || stderr.isEmpty()) {
            return null;
        }
        return stderr.length() <= STDERR_TAIL ? stderr : stderr.substring(stderr.length() - STDERR_TAIL);
    }
}
