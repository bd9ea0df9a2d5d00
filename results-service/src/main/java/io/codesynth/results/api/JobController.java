package io.codesynth.results.api;

import io.codesynth.contracts.JobState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The job read API. Tenants see only their own jobs: another tenant's job is 403, an unknown one 404. */
@RestController
@RequestMapping("/v1/jobs")
class JobController {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private static final List<String> STATES = Arrays.stream(JobState.values()).map(Enum::name).toList();

    private final JobQueries queries;

    JobController(JobQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/{jobId}")
    JobView job(@PathVariable String jobId, @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        return ownJob(jobId, tenant).view();
    }

    @GetMapping
    JobPage jobs(@RequestParam(required = false) String status,
                 @RequestParam(defaultValue = "0") int page,
                 @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
                 @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        if (page < 0) {
            throw ApiProblem.badRequest("page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiProblem.badRequest("size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        return queries.jobs(tenant, state(status), page, size);
    }

    @GetMapping("/{jobId}/tasks")
    TaskList tasks(@PathVariable String jobId, @RequestAttribute(ApiKeyAuthentication.TENANT) String tenant) {
        UUID id = ownJob(jobId, tenant).view().jobId();
        return new TaskList(id, queries.tasks(id));
    }

    private JobQueries.StoredJob ownJob(String jobId, String tenant) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no job " + jobId + " (job ids are UUIDs)");
        }
        JobQueries.StoredJob job = queries.job(id).orElseThrow(() -> ApiProblem.notFound("no job " + jobId));
        if (!job.tenant().equals(tenant)) {
            throw ApiProblem.forbidden("job " + jobId + " belongs to another tenant");
        }
        return job;
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
