package io.codesynth.results;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.JobTask;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.SandboxLimits;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Jobs for tests: HumanEval-shaped tasks, one MBPP task with held-out tests and setup code. */
public final class TestJobs {

    private TestJobs() {
    }

    /** A job of {@code tasks} tasks (at least 1); the last one is MBPP-shaped when there are two or more. */
    public static JobSubmitted job(UUID jobId, String tenant, int tasks, Instant submittedAt) {
        return job(jobId, tenant, tasks, submittedAt, 2);
    }

    /** As {@link #job(UUID, String, int, Instant)}, with {@code samples} samples per task. */
    public static JobSubmitted job(UUID jobId, String tenant, int tasks, Instant submittedAt, int samples) {
        List<JobTask> jobTasks = IntStream.range(0, tasks)
                .mapToObj(i -> new JobTask(Ids.taskKey(jobId, i), i,
                        i > 0 && i == tasks - 1 ? mbpp(i) : humanEval(i)))
                .toList();
        return new JobSubmitted(PipelineMessage.SCHEMA_VERSION, jobId, tenant, "test job " + jobId,
                submittedAt, samples, DecodingSettings.defaults(),
                new SandboxLimits(5.0, 10.0, 512, null, null, null, 64), jobTasks);
    }

    public static JobSubmitted job(String tenant, int tasks) {
        return job(UUID.randomUUID(), tenant, tasks, Instant.parse("2026-01-02T03:04:05.123456Z"));
    }

    /** A job of {@code tasks} tasks with {@code samples} samples per task. */
    public static JobSubmitted job(String tenant, int tasks, int samples) {
        return job(UUID.randomUUID(), tenant, tasks, Instant.parse("2026-01-02T03:04:05.123456Z"), samples);
    }

    private static Problem humanEval(int i) {
        return new Problem("HumanEval/" + i, ProblemFormat.HUMANEVAL, Language.PYTHON,
                "def add_" + i + "(a, b):\n    \"\"\"Add two numbers.\"\"\"\n", "add_" + i,
                List.of("def check(candidate):\n    assert candidate(1, 2) == 3\n"), List.of(), null);
    }

    private static Problem mbpp(int i) {
        return new Problem("Mbpp/" + i, ProblemFormat.MBPP, Language.PYTHON,
                "Write a function to square a number.", null,
                List.of("assert square(2) == 4", "assert square(3) == 9"),
                List.of("assert square(-4) == 16"), "import math");
    }
}
