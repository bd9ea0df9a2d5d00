package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records' own checks, which every producer hits before anything reaches a topic. */
class RecordChecksTest {

    @Test
    void aHumanEvalProblemNeedsAnEntryPoint() {
        assertThatThrownBy(() -> new Problem("HumanEval/0", ProblemFormat.HUMANEVAL, Language.PYTHON, "def f():\n",
                " ", List.of("def check(candidate):\n    pass\n"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("entryPoint is required and must not be blank");
    }

    @Test
    void aProblemNeedsTests() {
        assertThatThrownBy(() -> new Problem("MBPP/1", ProblemFormat.MBPP, Language.PYTHON, "Write f.", null,
                List.of(), null, null))
                .hasMessage("tests must not be empty");
    }

    @Test
    void aJobNeedsTasks() {
        JobSubmitted golden = GoldenMessages.jobSubmitted();
        assertThatThrownBy(() -> new JobSubmitted(1, golden.jobId(), golden.tenantId(), golden.jobName(),
                golden.submittedAt(), 5, golden.decoding(), null, List.of()))
                .hasMessage("tasks must not be empty");
        assertThatThrownBy(() -> new JobSubmitted(1, golden.jobId(), golden.tenantId(), golden.jobName(),
                golden.submittedAt(), 0, golden.decoding(), null, golden.tasks()))
                .hasMessage("samplesPerTask must be positive, was 0");
    }

    @Test
    void aTallyCannotPassMoreTestsThanItRan() {
        assertThatThrownBy(() -> new TestTally(4, 3)).hasMessage("passed (4) exceeds total (3)");
        assertThatThrownBy(() -> new TestTally(-1, 3)).hasMessage("passed must not be negative, was -1");
    }

    @Test
    void numbersMustBeFiniteBecauseJsonHasNoNaN() {
        assertThatThrownBy(() -> candidate(Double.NaN, -1.0))
                .hasMessage("meanConfidence must be between 0 and 1, was NaN");
        assertThatThrownBy(() -> candidate(0.9, Double.NEGATIVE_INFINITY))
                .hasMessage("logProbability must be a finite number, was -Infinity");
        assertThatThrownBy(() -> candidate(1.5, -1.0))
                .hasMessage("meanConfidence must be between 0 and 1, was 1.5");
    }

    @Test
    void passAtKNeedsPassAtKeysAndProbabilities() {
        TaskCompleted golden = GoldenMessages.taskCompleted();
        assertThatThrownBy(() -> taskWith(golden, Map.of("top1", 0.5), null))
                .hasMessage("passAtK keys must look like pass@<k>, got 'top1'");
        assertThatThrownBy(() -> taskWith(golden, Map.of("pass@1", 1.5), null))
                .hasMessage("passAtK.pass@1 must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> taskWith(golden, Map.of(), Double.NaN))
                .hasMessage("heldOutPassRate must be between 0 and 1, was NaN");
    }

    @Test
    void aRankedCandidateBelongsToAClusterOfAtLeastItself() {
        assertThatThrownBy(() -> new RankedCandidate(1, "x/0/0", 0, "", VerdictKind.PASSED, new TestTally(1, 1),
                null, 0, 0, 0.5, null))
                .hasMessage("clusterSize must be positive, was 0");
        assertThatThrownBy(() -> new RankedCandidate(0, "x/0/0", 0, "", VerdictKind.PASSED, new TestTally(1, 1),
                null, 0, 1, 0.5, null))
                .hasMessage("rank must be positive, was 0");
    }

    @Test
    void aModelNeedsAName() {
        assertThatThrownBy(() -> new ModelInfo(" ", "cpu", "float32"))
                .hasMessage("model.name is required and must not be blank");
    }

    private static Candidate candidate(double meanConfidence, double logProbability) {
        return new Candidate("x/0/0", 0, "    return 1\n", List.of(1), 1, meanConfidence, logProbability,
                List.of(0), 10);
    }

    private static TaskCompleted taskWith(TaskCompleted golden, Map<String, Double> passAtK, Double heldOutPassRate) {
        return new TaskCompleted(1, golden.jobId(), golden.tenantId(), golden.taskKey(), golden.taskId(),
                golden.state(), null, golden.ranked(), passAtK, heldOutPassRate, golden.completedAt());
    }
}
