package io.codesynth.results.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.UUID;

/** The tasks of one job, in task order. */
@JsonPropertyOrder({"jobId", "items"})
public record TaskList(UUID jobId, List<TaskView> items) {
}
