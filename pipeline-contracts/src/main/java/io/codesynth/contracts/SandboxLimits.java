package io.codesynth.contracts;

/**
 * Per-job limits for running one candidate program; any null field takes the verification worker's
 * default, and every value is capped by the operator's maxima.
 *
 * @param cpuSeconds    CPU time of the whole program
 * @param wallSeconds   wall-clock time after which the whole process tree is killed
 * @param memoryMb      address-space limit
 * @param maxProcesses  processes and threads the program may have at once
 * @param maxFileSizeKb largest file the program may write
 * @param maxOpenFiles  open file descriptors
 * @param maxOutputKb   captured stdout and stderr, each; output beyond it is cut and flagged
 */
public record SandboxLimits(
        Double cpuSeconds,
        Double wallSeconds,
        Integer memoryMb,
        Integer maxProcesses,
        Integer maxFileSizeKb,
        Integer maxOpenFiles,
        Integer maxOutputKb) {
}
