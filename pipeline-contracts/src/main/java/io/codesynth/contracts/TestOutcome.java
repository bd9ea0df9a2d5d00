package io.codesynth.contracts;

/**
 * What one test did: {@code outcome} is {@code pass}, {@code fail} or {@code error}; {@code value}
 * is the repr of the value the candidate returned, where the test has the form
 * {@code candidate(args) == expected}, else null. The list of outcomes is a candidate's behaviour
 * signature: candidates with equal signatures behave alike.
 */
public record TestOutcome(String outcome, String value) {

    public TestOutcome {
        Require.nonBlank(outcome, "outcome");
    }
}
