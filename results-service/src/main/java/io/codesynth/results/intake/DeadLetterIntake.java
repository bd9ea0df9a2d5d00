package io.codesynth.results.intake;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.DeadLetters;
import io.codesynth.results.progress.JobProgress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a dead letter of a task's message into the task's failure: the task becomes {@code FAILED}
 * with the reason from the record's headers, so it does not wait for its deadline. Only the key (the
 * task key) and the headers are read; the value may be anything, it was dead-lettered after all.
 */
public class DeadLetterIntake {

    /** The one-line reason every CodeSynth service puts on its dead letters. */
    static final String REASON_HEADER = DeadLetters.REASON_HEADER;
    /** Spring Kafka's header with the exception message, for dead letters of other producers. */
    static final String EXCEPTION_MESSAGE_HEADER = "kafka_dlt-exception-message";
    static final String ORIGINAL_GROUP_HEADER = "kafka_dlt-original-consumer-group";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterIntake.class);
    private static final int MAX_REASON_LENGTH = 2000;

    private final TaskStore store;
    private final JobProgress progress;
    private final String ownGroup;

    public DeadLetterIntake(TaskStore store, JobProgress progress, String ownGroup) {
        this.store = store;
        this.progress = progress;
        this.ownGroup = ownGroup;
    }

    /**
     * @param topic   the dead-letter topic the record was read from
     * @param key     the record key: the task key of the dead-lettered message
     * @return whether a task failure was recorded (false for a key that names no task, or a repeat)
     */
    public boolean accept(String topic, String key, Headers headers) {
        UUID jobId = TaskMessageReader.jobIdOfTaskKey(key);
        if (jobId == null) {
            log.warn("Dead letter on {} with key '{}' names no task; it cannot be attributed and is skipped", topic, key);
            return false;
        }
        String reason = reason(topic, headers);
        boolean recorded = progress.update(jobId, update -> {
            if (!store.insertFailure(key, jobId, reason, topic, update.now())) {
                return false;
            }
            update.touched();
            update.evaluateTask(key);
            return true;
        });
        if (recorded) {
            log.warn("Task {} failed: {}", key, reason);
        }
        return recorded;
    }

    /** "generation failed: ..." and the like: what failed, then the producer's reason. */
    String reason(String topic, Headers headers) {
        String detail = header(headers, REASON_HEADER);
        if (detail == null) {
            detail = header(headers, EXCEPTION_MESSAGE_HEADER);
        }
        if (detail == null) {
            detail = "no reason given";
        }
        boolean ours = ownGroup.equals(header(headers, ORIGINAL_GROUP_HEADER));
        String what;
        if (topic.equals(Topics.dlt(Topics.GENERATION))) {
            what = "generation failed";
        } else if (topic.equals(Topics.dlt(Topics.CANDIDATES))) {
            what = ours ? "the results service could not store the candidate batch" : "verification failed";
        } else if (topic.equals(Topics.dlt(Topics.VERDICTS))) {
            what = "the results service could not store the verification report";
        } else {
            what = "a message was dead-lettered to " + topic;
        }
        String reason = what + ": " + detail.strip();
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }

    private static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8);
        return value.isBlank() ? null : value;
    }
}
