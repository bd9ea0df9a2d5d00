package io.codesynth.results;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.JobTask;
import io.codesynth.contracts.ModelInfo;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.TestOutcome;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.contracts.VerificationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Candidate batches and verification reports as the generation and verification workers write them,
 * built from the contracts.
 */
public final class TestMessages {

    public static final Instant GENERATED_AT = Instant.parse("2026-01-02T03:05:00Z");
    public static final Instant VERIFIED_AT = Instant.parse("2026-01-02T03:06:00Z");

    private TestMessages() {
    }

    /**
     * A verdict to be: its outcomes per ranking test ({@code "ppf"} = pass, pass, fail; {@code P} is a
     * pass that returned another value, {@code e} an error; the code letter is the returned value, so
     * equal codes mean equal behaviour), and the held-out tally (null: no held-out tests).
     */
    public record Verdict(VerdictKind kind, String outcomes, TestTally heldOut, String errorType) {

        public static Verdict passed(String outcomes) {
            return new Verdict(VerdictKind.PASSED, outcomes, null, null);
        }

        public static Verdict failed(String outcomes) {
            return new Verdict(VerdictKind.FAILED, outcomes, null, null);
        }

        public Verdict heldOut(int passed, int total) {
            return new Verdict(kind, outcomes, new TestTally(passed, total), errorType);
        }
    }

    /** One candidate per confidence, sample index = position; completions say which sample they are. */
    public static CandidateBatch batch(JobSubmitted job, int taskIndex, double... confidences) {
        JobTask task = job.tasks().get(taskIndex);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < confidences.length; i++) {
            candidates.add(new Candidate(Ids.candidateId(task.taskKey(), i), i,
                    "    return a + b  # sample " + i + "\n", List.of(100 + i, 200, 300), 3 + i, confidences[i],
                    Math.log(confidences[i]) * 3, List.of(2, 0, 1), 40 + i));
        }
        return new CandidateBatch(PipelineMessage.SCHEMA_VERSION, Ids.candidateBatchId(task.taskKey()), job.jobId(),
                job.tenantId(), task.taskKey(), task.problem(), new ModelInfo("tiny-dream", "cpu", "float32"),
                candidates, job.limits(), GENERATED_AT);
    }

    /** Verdicts for samples 0, 1, ... of the task. */
    public static VerificationReport report(JobSubmitted job, int taskIndex, Verdict... verdicts) {
        JobTask task = job.tasks().get(taskIndex);
        List<CandidateVerdict> list = new ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) {
            Verdict verdict = verdicts[i];
            List<TestOutcome> signature = new ArrayList<>();
            int passed = 0;
            for (char c : verdict.outcomes().toCharArray()) {
                boolean pass = c == 'p' || c == 'P';
                String outcome = pass ? "pass" : c == 'f' ? "fail" : "error";
                passed += pass ? 1 : 0;
                signature.add(new TestOutcome(outcome, c == 'e' ? null : String.valueOf(c)));
            }
            list.add(new CandidateVerdict(Ids.candidateId(task.taskKey(), i), i, verdict.kind(),
                    new TestTally(passed, signature.size()), verdict.heldOut(), 100 + i, signature,
                    verdict.errorType(), verdict.kind() == VerdictKind.PASSED ? null : "assertion failed",
                    verdict.kind() == VerdictKind.PASSED ? "" : "Traceback ...\nAssertionError\n", false, true));
        }
        return new VerificationReport(PipelineMessage.SCHEMA_VERSION, Ids.verificationReportId(task.taskKey()),
                job.jobId(), job.tenantId(), task.taskKey(), list, VERIFIED_AT);
    }
}
