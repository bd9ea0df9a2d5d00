package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.codesynth.contracts.PipelineJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The demo's progress line and closing summary, from the JSON the read API serves. */
class DemoSummaryTest {

    private static JsonNode json(String text) {
        return PipelineJson.mapper().readTree(text);
    }

    @Test
    void theProgressLineCountsTasksGeneratedVerifiedAndCompleted() {
        JsonNode job = json("""
                {"state": "VERIFYING", "counts": {"tasks": 5},
                 "progress": {"tasks": {"total": 5, "generated": 3, "verified": 2, "completed": 1, "failed": 0}}}""");

        assertThat(DemoJob.progressLine(job)).isEqualTo("[####......] 3/5 generated · 2/5 verified · 1/5 completed");
    }

    @Test
    void aFinalJobFillsTheBarAndNamesItsFailedTasks() {
        JsonNode job = json("""
                {"state": "COMPLETED_WITH_ERRORS", "counts": {"tasks": 3},
                 "progress": {"tasks": {"total": 3, "generated": 2, "verified": 2, "completed": 2, "failed": 1}}}""");

        assertThat(DemoJob.progressLine(job))
                .isEqualTo("[##########] 2/3 generated · 2/3 verified · 2/3 completed · 1 failed");
        assertThat(DemoJob.progressLine(json("{\"state\": \"QUEUED\"}")))
                .isEqualTo("[..........] 0/0 generated · 0/0 verified · 0/0 completed");
    }

    @Test
    void theSummaryHasARowPerTaskTheReasonsOfFailedOnesAndPassAtK() {
        JsonNode job = json("""
                {"jobId": "6f1c0000-0000-0000-0000-000000000000", "state": "COMPLETED_WITH_ERRORS", "samplesPerTask": 4,
                 "decoding": {"maxNewTokens": 64, "steps": 64}, "counts": {"tasks": 3, "completed": 2, "failed": 1},
                 "passAtK": {"pass@1": 0.25}, "heldOutPassRate": 0.5, "timings": {"elapsedMillis": 41234}}""");
        List<DemoTask> tasks = List.of(
                DemoTask.of(json("""
                        {"taskId": "HumanEval/0", "taskKey": "k/0", "state": "COMPLETED", "counts": {"generated": 4},
                         "candidates": [{"rank": 1, "clusterSize": 3, "meanConfidence": 0.914,
                                         "verdict": {"verdict": "ERROR", "errorType": "NameError",
                                                     "tests": {"passed": 1, "total": 7}}}]}""")),
                DemoTask.of(json("""
                        {"taskId": "HumanEval/2", "taskKey": "k/1", "state": "FAILED", "reason": "generation failed: too long",
                         "counts": {"generated": 0}, "candidates": []}""")),
                DemoTask.of(json("""
                        {"taskId": "MBPP/11", "taskKey": "k/2", "state": "COMPLETED", "counts": {"generated": 4},
                         "candidates": [{"rank": 1, "clusterSize": 4, "meanConfidence": 0.5,
                                         "verdict": {"verdict": "PASSED", "tests": {"passed": 3, "total": 3}}}]}""")));

        assertThat(DemoSummary.lines(job, tasks)).containsExactly(
                "job 6f1c0000-0000-0000-0000-000000000000: COMPLETED_WITH_ERRORS in 41.2 s · 3 tasks × 4 samples"
                        + " · 64 new tokens in 64 steps",
                "",
                "  task         state      rank-1 verdict   tests  cluster  confidence",
                "  HumanEval/0  COMPLETED  ERROR NameError  1/7    3 of 4   0.91",
                "  HumanEval/2  FAILED     -                -      -        -",
                "               reason: generation failed: too long",
                "  MBPP/11      COMPLETED  PASSED           3/3    4 of 4   0.50",
                "",
                "pass@1 0.250 (mean over 2 completed tasks; pass@k needs at least k samples per task)",
                "held-out pass rate of the rank-1 candidates: 0.500");
    }

    @Test
    void aJobWithoutCompletedTasksHasNoPassAtK() {
        assertThat(DemoSummary.passAtK(json("{\"counts\": {\"completed\": 0}, \"passAtK\": {}}")))
                .isEqualTo("pass@k: none, no task completed");
    }
}
