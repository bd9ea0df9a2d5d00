package io.codesynth.results.api;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** Finds a job for a tenant: another tenant's job is 403, an unknown one 404. */
@Component
class JobAccess {

    private final JobQueries queries;

    JobAccess(JobQueries queries) {
        this.queries = queries;
    }

    JobQueries.StoredJob ownJob(String jobId, String tenant) {
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
}
