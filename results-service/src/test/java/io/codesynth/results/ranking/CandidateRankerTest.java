package io.codesynth.results.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CandidateRankerTest {

    private final CandidateRanker ranker = new CandidateRanker();

    @Test
    void passingAllTestsComesFirstWhateverTheConfidence() {
        List<RankedEntry> ranked = ranker.rank(List.of(
                candidate(0, VerdictKind.FAILED, "ppf", 0.99),
                candidate(1, VerdictKind.PASSED, "ppp", 0.10)));

        assertThat(indices(ranked)).containsExactly(1, 0);
    }

    @Test
    void thenTheShareOfTestsPassed() {
        List<RankedEntry> ranked = ranker.rank(List.of(
                candidate(0, VerdictKind.FAILED, "pff", 0.9),
                candidate(1, VerdictKind.FAILED, "ppf", 0.1),
                candidate(2, VerdictKind.ERROR, "eee", 0.95)));

        assertThat(indices(ranked)).containsExactly(1, 0, 2);
    }

    @Test
    void thenTheSizeOfTheBehaviourClusterThenConfidenceThenIndex() {
        // all pass; 1 and 3 return the same values (a cluster of 2), 0 and 2 differ in their values
        List<RankedEntry> ranked = ranker.rank(List.of(
                candidate(0, VerdictKind.PASSED, List.of(pass("1"), pass("2")), 0.99),
                candidate(1, VerdictKind.PASSED, List.of(pass("1"), pass("4")), 0.50),
                candidate(2, VerdictKind.PASSED, List.of(pass("1"), pass("9")), 0.70),
                candidate(3, VerdictKind.PASSED, List.of(pass("1"), pass("4")), 0.60),
                candidate(4, VerdictKind.PASSED, List.of(pass("1"), pass("7")), 0.70)));

        assertThat(indices(ranked)).containsExactly(3, 1, 0, 2, 4);
        assertThat(ranked).extracting(RankedEntry::rank).containsExactly(1, 2, 3, 4, 5);
        assertThat(ranked).extracting(RankedEntry::clusterSize).containsExactly(2, 2, 1, 1, 1);
        // cluster ids are numbered in rank order: the best candidate's cluster is 0
        assertThat(ranked).extracting(RankedEntry::clusterId).containsExactly(0, 0, 1, 2, 3);
    }

    @Test
    void candidatesThatRanNoTestClusterByHowTheyFailed() {
        List<RankedEntry> ranked = ranker.rank(List.of(
                new ScoredCandidate("t/0", 0, 0.5, VerdictKind.SYNTAX_ERROR, new TestTally(0, 3), null, List.of(), null),
                new ScoredCandidate("t/1", 1, 0.4, VerdictKind.SYNTAX_ERROR, new TestTally(0, 3), null, List.of(), null),
                new ScoredCandidate("t/2", 2, 0.9, VerdictKind.TIMEOUT, new TestTally(0, 3), null, List.of(), null)));

        assertThat(indices(ranked)).containsExactly(0, 1, 2);
        assertThat(ranked).extracting(RankedEntry::clusterSize).containsExactly(2, 2, 1);
    }

    @Test
    void explainsEachPlace() {
        List<RankedEntry> ranked = ranker.rank(List.of(
                candidate(0, VerdictKind.PASSED, "ppppppp", 0.913),
                candidate(1, VerdictKind.PASSED, "ppppppp", 0.80),
                new ScoredCandidate("t/2", 2, 0.655, VerdictKind.ERROR, new TestTally(0, 7), null,
                        outcomes("eeeeeee"), "AttributeError")));

        assertThat(ranked).extracting(RankedEntry::reason).containsExactly(
                "rank 1: passed 7/7, cluster of 2, confidence 0.91",
                "rank 2: passed 7/7, cluster of 2, confidence 0.80",
                "rank 3: ERROR AttributeError, passed 0/7, cluster of 1, confidence 0.66");
    }

    @Test
    void heldOutResultsNeverChangeTheOrder() {
        ScoredCandidate a = new ScoredCandidate("t/0", 0, 0.9, VerdictKind.PASSED, new TestTally(2, 2),
                new TestTally(0, 3), outcomes("pp"), null);
        ScoredCandidate b = new ScoredCandidate("t/1", 1, 0.8, VerdictKind.PASSED, new TestTally(2, 2),
                new TestTally(3, 3), List.of(pass("x"), pass("y")), null);

        assertThat(indices(ranker.rank(List.of(b, a)))).containsExactly(0, 1);
    }

    @Test
    void theOrderDoesNotDependOnTheInputOrder() {
        List<ScoredCandidate> candidates = new ArrayList<>();
        String[] signatures = {"ppp", "ppf", "ppp", "pff", "ppf", "fff", "ppp", "eee"};
        for (int i = 0; i < signatures.length; i++) {
            boolean passed = signatures[i].equals("ppp");
            candidates.add(candidate(i, passed ? VerdictKind.PASSED : VerdictKind.FAILED, signatures[i], 0.5));
        }
        List<Integer> expected = indices(ranker.rank(candidates));
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(candidates, random);
            assertThat(indices(ranker.rank(candidates))).isEqualTo(expected);
        }
        assertThat(expected).containsExactly(0, 2, 6, 1, 4, 3, 5, 7);
    }

    @Test
    void rankingNothingGivesNothing() {
        assertThat(ranker.rank(List.of())).isEmpty();
    }

    private static List<Integer> indices(List<RankedEntry> ranked) {
        return ranked.stream().map(entry -> entry.candidate().sampleIndex()).toList();
    }

    private static ScoredCandidate candidate(int index, VerdictKind verdict, String outcomes, double confidence) {
        return candidate(index, verdict, outcomes(outcomes), confidence);
    }

    private static ScoredCandidate candidate(int index, VerdictKind verdict, List<TestOutcome> signature,
                                             double confidence) {
        int passed = (int) signature.stream().filter(o -> o.outcome().equals("pass")).count();
        return new ScoredCandidate("t/" + index, index, confidence, verdict, new TestTally(passed, signature.size()),
                null, signature, null);
    }

    /** {@code "ppf"}: pass, pass, fail. */
    private static List<TestOutcome> outcomes(String code) {
        return code.chars().mapToObj(c -> new TestOutcome(switch (c) {
            case 'p' -> "pass";
            case 'f' -> "fail";
            default -> "error";
        }, null)).toList();
    }

    private static TestOutcome pass(String value) {
        return new TestOutcome("pass", value);
    }
}
