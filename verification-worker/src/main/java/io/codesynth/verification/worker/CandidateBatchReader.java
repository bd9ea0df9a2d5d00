package io.codesynth.verification.worker;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.kafka.DecodeErrors;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * Decodes a record of the candidates topic and checks the parts of the contract the report relies on:
 * the key is the task key, the job id is the task key's, and every candidate id is
 * {@code <taskKey>/<sampleIndex>} with distinct sample indices.
 */
final class CandidateBatchReader {

    private CandidateBatchReader() {
    }

    static CandidateBatch read(String key, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidBatchMessage("record has no value", key);
        }
        CandidateBatch batch;
        try {
            batch = PipelineJson.fromBytes(value, CandidateBatch.class);
        } catch (JacksonException e) {
            throw new InvalidBatchMessage("not a valid CandidateBatch: " + DecodeErrors.explain(e), key, e);
        }
        String taskKey = batch.taskKey();
        if (key != null && !key.equals(taskKey)) {
            throw new InvalidBatchMessage("record key '" + key + "' is not the task key " + taskKey, taskKey);
        }
        try {
            if (!Ids.jobIdOf(taskKey).equals(batch.jobId())) {
                throw new InvalidBatchMessage("taskKey " + taskKey + " does not belong to job " + batch.jobId(), taskKey);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidBatchMessage("taskKey '" + taskKey + "' is not <jobId>/<taskIndex>", taskKey, e);
        }
        Set<Integer> indices = new HashSet<>();
        for (int i = 0; i < batch.candidates().size(); i++) {
            Candidate candidate = batch.candidates().get(i);
            String expected = Ids.candidateId(taskKey, candidate.sampleIndex());
            if (!candidate.candidateId().equals(expected)) {
                throw new InvalidBatchMessage("candidates[" + i + "].candidateId '" + candidate.candidateId()
                        + "' should be '" + expected + "'", taskKey);
            }
            if (!indices.add(candidate.sampleIndex())) {
                throw new InvalidBatchMessage("candidates[" + i + "].sampleIndex " + candidate.sampleIndex()
                        + " appears more than once", taskKey);
            }
        }
        return batch;
    }
}
