package io.codesynth.results.intake;

import io.codesynth.contracts.Ids;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.JobTask;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.kafka.DecodeErrors;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decodes a record of the jobs topic and checks the parts of the contract that storage relies on:
 * the key is the job id, every task key is {@code <jobId>/<taskIndex>}, and task indices and task
 * ids are unique within the job. Field-level rules are enforced by the records themselves.
 */
public final class JobSubmittedReader {

    private JobSubmittedReader() {
    }

    /**
     * @param key   the record key (the job id); may be null
     * @param value the record value, {@link PipelineJson} bytes of a {@link JobSubmitted}
     * @throws InvalidJobMessage naming what is wrong
     */
    public static JobSubmitted read(String key, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidJobMessage("record has no value", key);
        }
        JobSubmitted job;
        try {
            job = PipelineJson.fromBytes(value, JobSubmitted.class);
        } catch (JacksonException e) {
            String jobId = key != null ? key : jobIdInside(value);
            throw new InvalidJobMessage("not a valid JobSubmitted: " + DecodeErrors.explain(e), jobId, e);
        }
        String jobId = job.jobId().toString();
        if (key != null && !key.equals(jobId)) {
            throw new InvalidJobMessage("record key '" + key + "' is not the job id " + jobId, jobId);
        }
        Set<Integer> indices = new HashSet<>();
        Set<String> taskIds = new HashSet<>();
        for (int i = 0; i < job.tasks().size(); i++) {
            JobTask task = job.tasks().get(i);
            String expectedKey = Ids.taskKey(job.jobId(), task.taskIndex());
            if (!task.taskKey().equals(expectedKey)) {
                throw new InvalidJobMessage("tasks[" + i + "].taskKey '" + task.taskKey() + "' should be '"
                        + expectedKey + "'", jobId);
            }
            if (!indices.add(task.taskIndex())) {
                throw new InvalidJobMessage("tasks[" + i + "].taskIndex " + task.taskIndex()
                        + " appears more than once", jobId);
            }
            if (!taskIds.add(task.problem().taskId())) {
                throw new InvalidJobMessage("tasks[" + i + "].problem.taskId '" + task.problem().taskId()
                        + "' appears more than once", jobId);
            }
        }
        return job;
    }

    /** Best effort, for the log line only: the {@code jobId} field of a record that did not decode. */
    private static String jobIdInside(byte[] value) {
        try {
            JsonNode id = PipelineJson.mapper().readTree(value).get("jobId");
            return id != null && id.isString() ? id.asString() : null;
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }
}
