package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNegative;
import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The verdict on one candidate.
 *
 * @param tests        the ranking tests, passed out of total
 * @param heldOut      the held-out tests (null when the problem has none); never used for ranking
 * @param signature    outcome (and returned value) per ranking test, in test order
 * @param errorType    exception type for {@link VerdictKind#ERROR}, else null
 * @param errorMessage a short explanation (first line of the exception, the limit that was hit), else null
 * @param stderrTail   the last part of the program's standard error
 * @param sandboxed    false only when the operator ran the worker in its explicit unsandboxed mode
 */
public record CandidateVerdict(
        String candidateId,
        @JsonProperty(required = true) int sampleIndex,
        VerdictKind verdict,
        TestTally tests,
        TestTally heldOut,
        @JsonProperty(required = true) long durationMillis,
        List<TestOutcome> signature,
        String errorType,
        String errorMessage,
        String stderrTail,
        @JsonProperty(required = true) boolean outputTruncated,
        @JsonProperty(required = true) boolean sandboxed) {

    public CandidateVerdict {
        nonBlank(candidateId, "candidateId");
        nonNegative(sampleIndex, "sampleIndex");
        nonNull(verdict, "verdict");
        nonNull(tests, "tests");
        signature = Require.elements(signature, "signature");
    }
}
