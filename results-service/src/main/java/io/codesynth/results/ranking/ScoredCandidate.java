package io.codesynth.results.ranking;

import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import java.util.List;
import java.util.Objects;

/**
 * A candidate with its verdict: what ranking looks at.
 *
 * @param signature  outcome per ranking test; equal signatures form one behaviour cluster
 * @param errorType  exception type of an {@link VerdictKind#ERROR}, else null
 * @param heldOut    held-out tests passed / run, null when the problem has none (never used for ranking)
 */
public record ScoredCandidate(
        String candidateId,
        int sampleIndex,
        double meanConfidence,
        VerdictKind verdict,
        TestTally tests,
        TestTally heldOut,
        List<TestOutcome> signature,
        String errorType) {

    public ScoredCandidate {
        Objects.requireNonNull(candidateId, "candidateId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(tests, "tests");
        signature = signature == null ? List.of() : List.copyOf(signature);
    }

    /** Every ranking test passed. */
    public boolean passed() {
        return verdict == VerdictKind.PASSED;
    }

    /** Share of the ranking tests passed; 0 when no test ran. */
    public double passedFraction() {
        return tests.total() == 0 ? 0 : (double) tests.passed() / tests.total();
    }

    /**
     * What candidates of one cluster share: the signature. Candidates that ran no test have an empty
     * signature; those are told apart by how they failed, so a syntax error does not join a timeout.
     */
    Object clusterKey() {
        return signature.isEmpty() ? List.of(verdict.name(), Objects.toString(errorType, "")) : signature;
    }
}
