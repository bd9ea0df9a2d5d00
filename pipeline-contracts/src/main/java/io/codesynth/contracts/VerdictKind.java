package io.codesynth.contracts;

/** Outcome of running one candidate against its tests. */
public enum VerdictKind {
    /** Every test passed. */
    PASSED,
    /** At least one assertion failed. */
    FAILED,
    /** The program raised an exception (its type is in the verdict). */
    ERROR,
    /** The CPU or wall-clock limit was hit. */
    TIMEOUT,
    /** The memory limit was hit. */
    MEMORY_LIMIT,
    /** The program wrote more than the output limit. */
    OUTPUT_LIMIT,
    /** The program did not parse. */
    SYNTAX_ERROR,
    /** The sandbox could not run the program; says nothing about the candidate. */
    SANDBOX_ERROR
}
