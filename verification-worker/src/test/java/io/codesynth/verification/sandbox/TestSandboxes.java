package io.codesynth.verification.sandbox;

import io.codesynth.contracts.Language;
import io.codesynth.contracts.ProblemFormat;
import java.util.List;

/** Sandboxes for tests. They need bubblewrap and fail (not skip) without it: CI installs it. */
public final class TestSandboxes {

    private TestSandboxes() {
    }

    public static SandboxSettings settings() {
        return SandboxSettings.laptopDefaults().withConcurrency(2);
    }

    public static SandboxPool open(SandboxSettings settings) {
        try {
            return SandboxPool.open(settings, null);
        } catch (SandboxUnavailableException e) {
            throw new AssertionError("No sandbox: " + e.getMessage() + " (the tests need the Debian packages "
                    + "bubblewrap, python3 and nodejs; see BubblewrapAvailabilityTest)", e);
        }
    }

    /** A HumanEval-style Python run of {@code def solve(x):} + body, tested with solve(1) == 2 and solve(2) == 3. */
    public static RunRequest python(String body, RunLimits limits) {
        return new RunRequest("test", Language.PYTHON, ProblemFormat.HUMANEVAL, "def solve(x):\n" + body, null, "solve",
                List.of("def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(2) == 3\n"), List.of(),
                limits);
    }

    public static RunLimits limits(double wallSeconds) {
        RunLimits d = RunLimits.DEFAULTS;
        return new RunLimits(Math.max(wallSeconds, 1), wallSeconds, d.memoryMb(), d.maxProcesses(), d.maxFileSizeKb(),
                d.maxOpenFiles(), d.maxOutputKb());
    }
}
