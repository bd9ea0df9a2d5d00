package io.codesynth.contracts;

import static io.codesynth.contracts.Require.nonBlank;
import static io.codesynth.contracts.Require.nonNegative;
import static io.codesynth.contracts.Require.nonNull;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A problem as a task of a job: its position in the job and its task key. */
public record JobTask(String taskKey, @JsonProperty(required = true) int taskIndex, Problem problem) {

    public JobTask {
        nonBlank(taskKey, "taskKey");
        nonNegative(taskIndex, "taskIndex");
        nonNull(problem, "problem");
    }
}
