package io.codesynth.results.api;

import io.codesynth.contracts.JobState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The job read API. Tenants see only their own jobs: another tenant's job is 403, an unknown one 404. */
@RestController
@RequestMapping("/v1/jobs")
@Tag(name = "jobs", description = "Jobs: state, progress, pass@k")
class JobController {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private static final List<String> STATES = Arrays.stream(JobState.values()).map(Enum::name).toList();

    private final JobQueries queries;
    private final JobAccess access;

    JobController(JobQueries queries, JobAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/{jobId}")
    @Operation(summary = "A job: state, progress counts, pass@k and timings",
            description = "State QUEUED → GENERATING → VERIFYING → COMPLETED, or COMPLETED_WITH_ERRORS / FAILED "
                    + "(error names the failed tasks). passAtK is the mean over completed tasks, set once the job "
                    + "is final, with keys pass@k only where samplesPerTask ≥ k.")
    JobView job(@PathVariable @Parameter(description = "job id (UUID)") String jobId,
                @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        return access.ownJob(jobId, tenant).view();
    }

    @GetMapping
    @Operation(summary = "The tenant's jobs, newest first")
    JobPage jobs(@RequestParam(required = false) @Parameter(description = "only jobs in this state") String status,
                 @RequestParam(defaultValue = "0") @Parameter(description = "0-based page") int page,
                 @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE)
                 @Parameter(description = "page size, 1 to " + MAX_PAGE_SIZE) int size,
                 @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        if (page < 0) {
            throw ApiProblem.badRequest("page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiProblem.badRequest("size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        return queries.jobs(tenant, state(status), page, size);
    }

    private static JobState state(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String wanted = status.trim().toUpperCase(Locale.ROOT);
        if (!STATES.contains(wanted)) {
            ApiProblem problem = ApiProblem.badRequest("status must be one of " + String.join(", ", STATES)
                    + "; was '" + status + "'");
            problem.getBody().setProperty("allowed", STATES);
            throw problem;
        }
        return JobState.valueOf(wanted);
    }
}
