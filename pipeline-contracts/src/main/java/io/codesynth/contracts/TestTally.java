package io.codesynth.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Tests passed out of tests run. */
public record TestTally(
        @JsonProperty(required = true) int passed,
        @JsonProperty(required = true) int total) {

    public TestTally {
        Require.nonNegative(passed, "passed");
        Require.nonNegative(total, "total");
        if (passed > total) {
            throw new IllegalArgumentException("passed (" + passed + ") exceeds total (" + total + ")");
        }
    }
}
