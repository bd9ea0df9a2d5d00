package io.codesynth.results.intake;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.kafka.DecodeErrors;
import io.codesynth.contracts.VerificationReport;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * Decodes records of the candidates and verdicts topics and checks what storage relies on: the key
 * is the task key, the task key is {@code <jobId>/<taskIndex>} of the message's job, and every
 * candidate id is {@code <taskKey>/<sampleIndex>}, once per batch or report.
 */
final class TaskMessageReader {

    private static final Pattern TASK_KEY = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/(0|[1-9][0-9]{0,8})");

    private TaskMessageReader() {
    }

    static CandidateBatch batch(String key, byte[] value) {
        CandidateBatch batch = decode(key, value, CandidateBatch.class);
        checkTask(key, batch.taskKey(), batch.jobId());
        checkIds(batch.taskKey(), batch.candidates(), "candidates", Candidate::candidateId, Candidate::sampleIndex);
        return batch;
    }

    static VerificationReport report(String key, byte[] value) {
        VerificationReport report = decode(key, value, VerificationReport.class);
        checkTask(key, report.taskKey(), report.jobId());
        checkIds(report.taskKey(), report.verdicts(), "verdicts", CandidateVerdict::candidateId,
                CandidateVerdict::sampleIndex);
        return report;
    }

    /** The job id of a task key, or null when the text is not one ({@code <uuid>/<index>}). */
    static UUID jobIdOfTaskKey(String taskKey) {
        return taskKey != null && TASK_KEY.matcher(taskKey).matches() ? Ids.jobIdOf(taskKey) : null;
    }

    private static <T> T decode(String key, byte[] value, Class<T> type) {
        if (value == null || value.length == 0) {
            throw new InvalidMessage("record has no value", key);
        }
        try {
            return PipelineJson.fromBytes(value, type);
        } catch (JacksonException e) {
            throw new InvalidMessage("not a valid " + type.getSimpleName() + ": " + DecodeErrors.explain(e), key, e);
        }
    }

    private static void checkTask(String key, String taskKey, UUID jobId) {
        if (key != null && !key.equals(taskKey)) {
            throw new InvalidMessage("record key '" + key + "' is not the task key " + taskKey, key);
        }
        UUID jobOfKey = jobIdOfTaskKey(taskKey);
        if (jobOfKey == null) {
            throw new InvalidMessage("taskKey '" + taskKey + "' is not <jobId>/<taskIndex>", taskKey);
        }
        if (!jobOfKey.equals(jobId)) {
            throw new InvalidMessage("taskKey '" + taskKey + "' belongs to job " + jobOfKey + ", not to jobId " + jobId,
                    taskKey);
        }
    }

    private static <T> void checkIds(String taskKey, List<T> items, String field, Function<T, String> id,
                                     ToIntFunction<T> sampleIndex) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            String expected = Ids.candidateId(taskKey, sampleIndex.applyAsInt(item));
            if (!expected.equals(id.apply(item))) {
                throw new InvalidMessage(field + "[" + i + "].candidateId '" + id.apply(item) + "' should be '"
                        + expected + "'", taskKey);
            }
            if (!seen.add(sampleIndex.applyAsInt(item))) {
                throw new InvalidMessage(field + "[" + i + "].sampleIndex " + sampleIndex.applyAsInt(item)
                        + " appears more than once", taskKey);
            }
        }
    }
}
