package io.codesynth.verification.sandbox;

import io.codesynth.contracts.SandboxLimits;

/**
 * The limits one run gets, all values set (the contract's {@link SandboxLimits} may leave any open).
 *
 * @param cpuSeconds    CPU time of the whole program (rounded up to whole seconds by the kernel's rlimit)
 * @param wallSeconds   wall-clock time after which every process of the run is killed
 * @param memoryMb      address space of the program
 * @param maxProcesses  processes and threads the program may have at once
 * @param maxFileSizeKb largest file the program may write
 * @param maxOpenFiles  open file descriptors
 * @param maxOutputKb   stdout and stderr, each; a program writing more is stopped (OUTPUT_LIMIT)
 */
public record RunLimits(
        double cpuSeconds,
        double wallSeconds,
        int memoryMb,
        int maxProcesses,
        int maxFileSizeKb,
        int maxOpenFiles,
        int maxOutputKb) {

    /** Defaults that suit HumanEval/MBPP-sized programs on a laptop. */
    public static final RunLimits DEFAULTS = new RunLimits(5, 10, 512, 32, 10_240, 64, 1024);

    /** Operator maxima: a job can never ask for more than these. */
    public static final RunLimits MAXIMA = new RunLimits(60, 120, 4096, 256, 102_400, 1024, 16_384);

    public RunLimits {
        positive(cpuSeconds, "cpuSeconds");
        positive(wallSeconds, "wallSeconds");
        positive(memoryMb, "memoryMb");
        positive(maxProcesses, "maxProcesses");
        positive(maxFileSizeKb, "maxFileSizeKb");
        positive(maxOpenFiles, "maxOpenFiles");
        positive(maxOutputKb, "maxOutputKb");
        if (memoryMb < 32) {
            throw new IllegalArgumentException("memoryMb must be at least 32 (the interpreter itself needs it), was "
                    + memoryMb);
        }
        if (maxOpenFiles < 16) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 16 (the interpreter itself needs them), was "
                    + maxOpenFiles);
        }
    }

    /**
     * The limits for a job: each value the job set, else this default, never above {@code maxima}.
     *
     * @throws IllegalArgumentException if the job set a value that is not positive
     */
    public RunLimits resolve(SandboxLimits requested, RunLimits maxima) {
        RunLimits wanted = requested == null ? this : new RunLimits(
                pick(requested.cpuSeconds(), cpuSeconds, "cpuSeconds"),
                pick(requested.wallSeconds(), wallSeconds, "wallSeconds"),
                pick(requested.memoryMb(), memoryMb, "memoryMb"),
                pick(requested.maxProcesses(), maxProcesses, "maxProcesses"),
                pick(requested.maxFileSizeKb(), maxFileSizeKb, "maxFileSizeKb"),
                pick(requested.maxOpenFiles(), maxOpenFiles, "maxOpenFiles"),
                pick(requested.maxOutputKb(), maxOutputKb, "maxOutputKb"));
        return wanted.cappedBy(maxima);
    }

    /** Each value at most the one of {@code maxima}. */
    public RunLimits cappedBy(RunLimits maxima) {
        return new RunLimits(
                Math.min(cpuSeconds, maxima.cpuSeconds),
                Math.min(wallSeconds, maxima.wallSeconds),
                Math.min(memoryMb, maxima.memoryMb),
                Math.min(maxProcesses, maxima.maxProcesses),
                Math.min(maxFileSizeKb, maxima.maxFileSizeKb),
                Math.min(maxOpenFiles, maxima.maxOpenFiles),
                Math.min(maxOutputKb, maxima.maxOutputKb));
    }

    /** The same limits in the contract's form. */
    public SandboxLimits toContract() {
        return new SandboxLimits(cpuSeconds, wallSeconds, memoryMb, maxProcesses, maxFileSizeKb, maxOpenFiles,
                maxOutputKb);
    }

    private static <T extends Number> T pick(T requested, T fallback, String field) {
        if (requested == null) {
            return fallback;
        }
        if (!(requested.doubleValue() > 0)) {
            throw new IllegalArgumentException("limits." + field + " must be positive, was " + requested);
        }
        return requested;
    }

    private static void positive(double value, String field) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a positive number, was " + value);
        }
    }
}
