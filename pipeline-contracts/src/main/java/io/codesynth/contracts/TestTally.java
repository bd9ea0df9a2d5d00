package io.codesynth.contracts;

/** Tests passed out of tests run. */
public record TestTally(int passed, int total) {

    public TestTally {
        Require.nonNegative(passed, "passed");
        Require.nonNegative(total, "total");
        if (passed > total) {
            throw new IllegalArgumentException("passed (" + passed + ") exceeds total (" + total + ")");
        }
    }
}
