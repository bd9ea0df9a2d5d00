package io.codesynth.verification.sandbox;

import java.util.List;

/**
 * What became of one run, as the zygote inside the sandbox observed it. Knows nothing of verdicts:
 * {@code io.codesynth.verification.judge.Judge} turns this into one.
 *
 * @param sandboxError      non-null when the sandbox could not run the program at all (says nothing
 *                          about the candidate); every other field is then empty
 * @param limit             the limit that stopped the run: {@code wall}, {@code cpu}, {@code output},
 *                          {@code fsize}, {@code memory}; else null
 * @param exitCode          the program's exit status if it exited, else null
 * @param signal            the signal that ended the program (e.g. {@code SIGKILL}), else null
 * @param rankingTests      tests planned (known before the program ran), or -1 if no plan arrived
 * @param heldOutTests      held-out tests planned, or -1
 * @param tests             results of the ranking tests that reported, in order
 * @param heldOut           results of the held-out tests that reported, in order
 * @param rankingDone       the harness confirmed that every ranking test ran
 * @param heldOutDone       the harness confirmed that every held-out test ran
 * @param syntaxError       the compiler's message if the program did not compile
 * @param loadErrorType     the exception raised while the program itself ran (before the tests)
 * @param loadErrorMessage  its message
 * @param badTest           why the tests themselves could not be used
 * @param tamper            why the results cannot be trusted (the program interfered with the harness)
 * @param durationMicros    wall time of the program, fork to exit
 * @param cpuMillis         CPU time of the program
 * @param stdoutBytes       bytes written to stdout
 * @param stderrBytes       bytes written to stderr
 * @param stderrTail        the last few KB of stderr
 * @param outputTruncated   output was cut at the limit
 * @param leftoverProcesses processes the program left running, killed after it
 * @param sandboxed         false in the explicit unsandboxed development mode
 */
public record RunResult(
        String sandboxError,
        String limit,
        Integer exitCode,
        String signal,
        int rankingTests,
        int heldOutTests,
        List<TestResult> tests,
        List<TestResult> heldOut,
        boolean rankingDone,
        boolean heldOutDone,
        String syntaxError,
        String loadErrorType,
        String loadErrorMessage,
        String badTest,
        String tamper,
        long durationMicros,
        long cpuMillis,
        long stdoutBytes,
        long stderrBytes,
        String stderrTail,
        boolean outputTruncated,
        int leftoverProcesses,
        boolean sandboxed) {

    public RunResult {
        tests = tests == null ? List.of() : List.copyOf(tests);
        heldOut = heldOut == null ? List.of() : List.copyOf(heldOut);
    }

    /** A run the sandbox could not carry out. */
    public static RunResult sandboxFailure(String reason, long durationMicros, boolean sandboxed) {
        return new RunResult(reason, null, null, null, -1, -1, List.of(), List.of(), false, false, null, null, null,
                null, null, durationMicros, 0, 0, 0, "", false, 0, sandboxed);
    }

    /** True when the run ended in a way that warrants a fresh sandbox for the next one. */
    public boolean abnormal() {
        return sandboxError != null || limit != null || tamper != null || leftoverProcesses > 0
                || (signal != null && !rankingDone);
    }
}
