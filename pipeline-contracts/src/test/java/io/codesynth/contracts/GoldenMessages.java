package io.codesynth.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One realistic instance of every message, built in Java; the files under {@code golden/} are their
 * checked-in JSON. The story: a job of two problems (HumanEval/2 and MBPP/2), five samples each; the
 * messages follow task 0 through generation, verification and ranking.
 */
final class GoldenMessages {

    static final UUID JOB_ID = UUID.fromString("3f1c2a9e-8b7d-4e62-9a41-5c0d7e8f9b12");
    static final String TENANT = "acme-research";
    static final String TASK_KEY = Ids.taskKey(JOB_ID, 0);
    static final Instant SUBMITTED_AT = Instant.parse("2025-06-02T09:15:30.250Z");

    /** The workers of the story: one GPU node decoded task 0, a CPU node verified it. */
    static final String GENERATION_WORKER = "gpu-node-3/48121";
    static final String VERIFICATION_WORKER = "verify-node-1/7306";

    static final SandboxLimits LIMITS = new SandboxLimits(5.0, 10.0, 512, 16, 1024, 64, 64);

    static final Problem TRUNCATE_NUMBER = new Problem(
            "HumanEval/2",
            ProblemFormat.HUMANEVAL,
            Language.PYTHON,
            """


            def truncate_number(number: float) -> float:
                \""" Given a positive floating point number, it can be decomposed into
                and integer part (largest integer smaller than given number) and decimals
                (leftover part always smaller than 1).

                Return the decimal part of the number.
                >>> truncate_number(3.5)
                0.5
                \"""
            """,
            "truncate_number",
            List.of("""


                    METADATA = {
                        'author': 'jt',
                        'dataset': 'test'
                    }


                    def check(candidate):
                        assert candidate(3.5) == 0.5
                        assert abs(candidate(1.33) - 0.33) < 1e-6
                        assert abs(candidate(123.456) - 0.456) < 1e-6
                    """),
            List.of("""
                    def check(candidate):
                        assert abs(candidate(0.25) - 0.25) < 1e-6
                        assert candidate(7.0) == 0.0
                    """),
            null);

    static final Problem SIMILAR_ELEMENTS = new Problem(
            "MBPP/2",
            ProblemFormat.MBPP,
            Language.PYTHON,
            "Write a function to find the shared elements from the given two lists.",
            null,
            List.of(
                    "assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))",
                    "assert set(similar_elements((1, 2, 3, 4),(5, 4, 3, 7))) == set((3, 4))",
                    "assert set(similar_elements((11, 12, 14, 13),(17, 15, 14, 13))) == set((13, 14))"),
            List.of(),
            "");

    private GoldenMessages() {
    }

    static JobSubmitted jobSubmitted() {
        return new JobSubmitted(1, JOB_ID, TENANT, "humaneval-smoke", SUBMITTED_AT, 5,
                DecodingSettings.defaults(), LIMITS,
                List.of(new JobTask(Ids.taskKey(JOB_ID, 0), 0, TRUNCATE_NUMBER),
                        new JobTask(Ids.taskKey(JOB_ID, 1), 1, SIMILAR_ELEMENTS)));
    }

    static GenerationRequest generationRequest() {
        return new GenerationRequest(1, JOB_ID, TENANT, TASK_KEY, 0, TRUNCATE_NUMBER, 5,
                DecodingSettings.defaults(), Ids.taskSeed(Ids.seedOf(JOB_ID), 0), LIMITS, SUBMITTED_AT);
    }

    static CandidateBatch candidateBatch() {
        long batchMillis = 41_877;
        List<Candidate> candidates = List.of(
                new Candidate(Ids.candidateId(TASK_KEY, 0), 0, "    return number % 1.0\n",
                        List.of(262, 470, 1372, 1018, 220, 16, 13, 15, 198), 256, 0.934, -1.92,
                        List.of(3, 4, 6, 9, 11, 12, 13, 15, 18), batchMillis),
                new Candidate(Ids.candidateId(TASK_KEY, 1), 1, "    return number - int(number)\n",
                        List.of(262, 470, 1372, 481, 526, 17918, 8, 198), 256, 0.881, -3.07,
                        List.of(2, 5, 7, 8, 10, 14, 16, 17), batchMillis),
                new Candidate(Ids.candidateId(TASK_KEY, 2), 2, "    return round(number % 1, 1)\n",
                        List.of(262, 470, 4778, 17918, 1018, 220, 16, 11, 220, 16, 8, 198), 256, 0.802, -5.44,
                        List.of(4, 6, 9, 10, 13, 15, 19, 20, 22, 23, 24, 27), batchMillis),
                new Candidate(Ids.candidateId(TASK_KEY, 3), 3, "    return number.decimal()\n",
                        List.of(262, 470, 1372, 13, 23289, 368, 198), 256, 0.655, -9.81,
                        List.of(5, 8, 12, 21, 26, 29, 31), batchMillis),
                new Candidate(Ids.candidateId(TASK_KEY, 4), 4,
                        "    whole, frac = str(number).split('.')\n    return float('0.' + frac)\n",
                        List.of(262, 66633, 11, 53676, 284, 607, 17918, 568, 6960, 89956, 1305, 262, 470, 2224,
                                492, 15, 3159, 488, 53676, 340),
                        256, 0.847, -6.12,
                        List.of(2, 3, 5, 6, 8, 9, 11, 12, 14, 17, 19, 21, 22, 24, 25, 28, 30, 31, 33, 36),
                        batchMillis));
        return new CandidateBatch(1, Ids.candidateBatchId(TASK_KEY), JOB_ID, TENANT, TASK_KEY, TRUNCATE_NUMBER,
                new ModelInfo("apple/DiffuCoder-7B-Instruct", "cuda:0", "bfloat16"), candidates, LIMITS,
                Instant.parse("2025-06-02T09:16:12.804Z"), GENERATION_WORKER);
    }

    static VerificationReport verificationReport() {
        TestTally allPassed = new TestTally(3, 3);
        TestTally heldOutPassed = new TestTally(2, 2);
        List<CandidateVerdict> verdicts = List.of(
                new CandidateVerdict(Ids.candidateId(TASK_KEY, 0), 0, VerdictKind.PASSED, allPassed, heldOutPassed,
                        182, exactSignature(), null, null, "", false, true),
                new CandidateVerdict(Ids.candidateId(TASK_KEY, 1), 1, VerdictKind.PASSED, allPassed, heldOutPassed,
                        176, exactSignature(), null, null, "", false, true),
                new CandidateVerdict(Ids.candidateId(TASK_KEY, 2), 2, VerdictKind.FAILED, new TestTally(1, 3),
                        new TestTally(1, 2), 179,
                        List.of(new TestOutcome("pass", "0.5"), new TestOutcome("fail", "0.3"),
                                new TestOutcome("fail", "0.5")),
                        null, "assert abs(candidate(1.33) - 0.33) < 1e-6",
                        "Traceback (most recent call last):\n  File \"/work/main.py\", line 17, in <module>\n"
                                + "    check(truncate_number)\nAssertionError\n",
                        false, true),
                new CandidateVerdict(Ids.candidateId(TASK_KEY, 3), 3, VerdictKind.ERROR, new TestTally(0, 3),
                        new TestTally(0, 2), 141,
                        List.of(new TestOutcome("error", null), new TestOutcome("error", null),
                                new TestOutcome("error", null)),
                        "AttributeError", "'float' object has no attribute 'decimal'",
                        "  File \"/work/main.py\", line 11, in truncate_number\n    return number.decimal()\n"
                                + "AttributeError: 'float' object has no attribute 'decimal'\n",
                        false, true),
                new CandidateVerdict(Ids.candidateId(TASK_KEY, 4), 4, VerdictKind.PASSED, allPassed, heldOutPassed,
                        188,
                        List.of(new TestOutcome("pass", "0.5"), new TestOutcome("pass", "0.33"),
                                new TestOutcome("pass", "0.456")),
                        null, null, "", false, true));
        return new VerificationReport(1, Ids.verificationReportId(TASK_KEY), JOB_ID, TENANT, TASK_KEY, verdicts,
                Instant.parse("2025-06-02T09:16:14.112Z"), VERIFICATION_WORKER);
    }

    static TaskCompleted taskCompleted() {
        TestTally allPassed = new TestTally(3, 3);
        TestTally heldOutPassed = new TestTally(2, 2);
        List<RankedCandidate> ranked = List.of(
                new RankedCandidate(1, Ids.candidateId(TASK_KEY, 0), 0, "    return number % 1.0\n",
                        VerdictKind.PASSED, allPassed, heldOutPassed, 0, 2, 0.934,
                        "passed 3/3, cluster of 2, confidence 0.934"),
                new RankedCandidate(2, Ids.candidateId(TASK_KEY, 1), 1, "    return number - int(number)\n",
                        VerdictKind.PASSED, allPassed, heldOutPassed, 0, 2, 0.881,
                        "passed 3/3, cluster of 2, confidence 0.881"),
                new RankedCandidate(3, Ids.candidateId(TASK_KEY, 4), 4,
                        "    whole, frac = str(number).split('.')\n    return float('0.' + frac)\n",
                        VerdictKind.PASSED, allPassed, heldOutPassed, 1, 1, 0.847,
                        "passed 3/3, cluster of 1, confidence 0.847"),
                new RankedCandidate(4, Ids.candidateId(TASK_KEY, 2), 2, "    return round(number % 1, 1)\n",
                        VerdictKind.FAILED, new TestTally(1, 3), new TestTally(1, 2), 2, 1, 0.802,
                        "passed 1/3, cluster of 1, confidence 0.802"),
                new RankedCandidate(5, Ids.candidateId(TASK_KEY, 3), 3, "    return number.decimal()\n",
                        VerdictKind.ERROR, new TestTally(0, 3), new TestTally(0, 2), 3, 1, 0.655,
                        "AttributeError, passed 0/3, cluster of 1, confidence 0.655"));
        // n = 5 samples, c = 3 correct: pass@1 = 1 - C(2,1)/C(5,1) = 0.6, pass@5 = 1 - C(2,5)/C(5,5) = 1
        return new TaskCompleted(1, JOB_ID, TENANT, TASK_KEY, "HumanEval/2", TaskState.COMPLETED, null, ranked,
                Map.of("pass@1", 0.6, "pass@5", 1.0), 1.0, Instant.parse("2025-06-02T09:16:14.530Z"));
    }

    static JobCompleted jobCompleted() {
        // HumanEval/2: pass@1 0.6, pass@5 1.0; MBPP/2 (2 of 5 correct): pass@1 0.4, pass@5 1.0
        return new JobCompleted(1, JOB_ID, TENANT, "humaneval-smoke", JobState.COMPLETED, 2, 2, 0,
                Map.of("pass@1", 0.5, "pass@5", 1.0), SUBMITTED_AT, Instant.parse("2025-06-02T09:16:41.007Z"));
    }

    /** The golden instance of a message type. */
    static PipelineMessage of(Class<?> type) {
        return switch (MessageTypes.typeName(type)) {
            case "JobSubmitted" -> jobSubmitted();
            case "GenerationRequest" -> generationRequest();
            case "CandidateBatch" -> candidateBatch();
            case "VerificationReport" -> verificationReport();
            case "TaskCompleted" -> taskCompleted();
            case "JobCompleted" -> jobCompleted();
            default -> throw new IllegalArgumentException("no golden message for " + type);
        };
    }

    /** {@code golden/<schema file stem>.json}, e.g. {@code golden/job-submitted.v1.json}. */
    static String goldenResource(Class<?> type) {
        return "/golden/" + Schemas.fileName(type).replace(".schema.json", ".json");
    }

    private static List<TestOutcome> exactSignature() {
        return List.of(new TestOutcome("pass", "0.5"), new TestOutcome("pass", "0.33000000000000007"),
                new TestOutcome("pass", "0.45600000000000307"));
    }
}
