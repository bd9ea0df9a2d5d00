package io.codesynth.gateway.submission;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.JobTask;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A job with its id, ready to publish: its {@link JobSubmitted} and one {@link GenerationRequest} per
 * task, already encoded, so a job too large for the topics is caught before anything is sent.
 */
record PreparedJob(JobSubmitted submitted, List<Outgoing> records) {

    /** One Kafka record: topic, key, message type (the {@link Topics#TYPE_HEADER}) and encoded value. */
    record Outgoing(String topic, String key, String type, byte[] value) {
    }

    PreparedJob {
        records = List.copyOf(records);
    }

    /**
     * Gives the draft its id and derived values: task keys {@code <jobId>/<index>}, the base seed
     * (the client's, or one derived from the job id) written into the decoding settings so the job is
     * reproducible from its messages, and a per-task seed derived from it.
     */
    static PreparedJob of(UUID jobId, String tenant, JobDraft draft, Instant now) {
        DecodingSettings requested = draft.decoding();
        long baseSeed = requested.seed() != null ? requested.seed() : Ids.seedOf(jobId);
        DecodingSettings decoding = new DecodingSettings(requested.algorithm(), requested.steps(),
                requested.maxNewTokens(), requested.temperature(), requested.topP(), requested.topK(),
                requested.algTemp(), requested.eps(), requested.blockLength(), requested.threshold(), baseSeed);

        List<JobTask> tasks = new ArrayList<>(draft.problems().size());
        for (int i = 0; i < draft.problems().size(); i++) {
            tasks.add(new JobTask(Ids.taskKey(jobId, i), i, draft.problems().get(i)));
        }
        JobSubmitted submitted = new JobSubmitted(PipelineMessage.SCHEMA_VERSION, jobId, tenant, nameOf(draft, jobId),
                now, draft.samplesPerTask(), decoding, draft.limits(), tasks);

        List<Outgoing> records = new ArrayList<>(tasks.size() + 1);
        records.add(outgoing(Topics.JOBS, submitted));
        for (JobTask task : tasks) {
            Problem problem = task.problem();
            GenerationRequest request = new GenerationRequest(PipelineMessage.SCHEMA_VERSION, jobId, tenant,
                    task.taskKey(), task.taskIndex(), problem, draft.samplesPerTask(), decoding,
                    Ids.taskSeed(baseSeed, task.taskIndex()), draft.limits(), now);
            records.add(outgoing(Topics.GENERATION, request));
        }
        return new PreparedJob(submitted, records);
    }

    /** The client's name, or {@code job-<first 8 hex digits of the id>}; a replay derives the same name. */
    static String nameOf(JobDraft draft, UUID jobId) {
        return draft.name() != null ? draft.name() : "job-" + jobId.toString().substring(0, 8);
    }

    UUID jobId() {
        return submitted.jobId();
    }

    /** Size of the largest record, with its key and some room for Kafka's record overhead. */
    int largestRecordBytes() {
        return records.stream().mapToInt(r -> r.value().length + r.key().length() + 1024).max().orElse(0);
    }

    private static Outgoing outgoing(String topic, PipelineMessage message) {
        return new Outgoing(topic, message.messageKey(), message.getClass().getSimpleName(), PipelineJson.toBytes(message));
    }
}
