package io.codesynth.results.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/jobs/{id}/events}: the job's Server-Sent Events. The key travels in the
 * {@code Authorization} header like everywhere else (never in the URL); browsers read the stream with
 * {@code fetch}, as the dashboard does, since {@code EventSource} cannot send headers.
 */
@RestController
@Tag(name = "events", description = "Live progress as Server-Sent Events")
class JobEventsController {

    private final JobAccess access;
    private final JobEventStreams streams;

    JobEventsController(JobAccess access, JobEventStreams streams) {
        this.access = access;
        this.streams = streams;
    }

    @GetMapping(value = "/v1/jobs/{jobId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The job's progress as Server-Sent Events",
            description = """
                    Events, each with a JSON data line:
                    - `progress`: the job (as GET /v1/jobs/{id}) whenever its state or counts change; \
                    the first event of every stream, so a late client starts from the current state.
                    - `task-completed`: a task (as in GET /v1/jobs/{id}/tasks, with its rank-1 candidate) \
                    once it is COMPLETED or FAILED; a new stream first gets one for each task already final.
                    - `job-completed`: the final job; the stream ends after it.
                    Comment lines (`: keep-alive`) are sent during silences.""",
            responses = @ApiResponse(responseCode = "200", content = @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"))))
    SseEmitter events(@PathVariable String jobId,
                      @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant,
                      HttpServletResponse response) {
        JobView job = access.ownJob(jobId, tenant).view();
        // a reverse proxy (nginx) must pass events through as they come rather than buffer them
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
        return streams.open(job.jobId());
    }
}
