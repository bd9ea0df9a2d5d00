package io.codesynth.generation;

import io.codesynth.contracts.Topics;
import io.codesynth.generation.decode.GenerationMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends a generation request that cannot be decoded to {@code codesynth.generation.v1-dlt}, byte for byte, and
 * waits for the broker's acknowledgement, so the request's offset may be committed afterwards. Besides Spring
 * Kafka's {@code kafka_dlt-*} headers (exception, original topic, partition and offset) each dead letter carries
 * {@value #REASON_HEADER}: a one-line reason for subscribers in any language (the results service marks the task
 * failed with it). Requests caught by a shutdown are never dead-lettered: they are decoded again after the restart.
 */
final class DeadLetters implements ConsumerRecordRecoverer {

    /** Header with the one-line reason a record was dead-lettered (the convention of every service). */
    static final String REASON_HEADER = "codesynth-dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer recoverer;
    private final GenerationMetrics metrics;

    DeadLetters(KafkaTemplate<String, byte[]> template, GenerationMetrics metrics, Duration publishTimeout) {
        this.metrics = metrics;
        // partition -1: let the key choose, the dead-letter topic may have fewer partitions
        this.recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.dlt(record.topic()), -1));
        this.recoverer.setFailIfSendResultIsError(true);
        this.recoverer.setWaitForSendResultTimeout(publishTimeout);
        this.recoverer.setHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
    }

    /** Dead-letters one request with its reason; returns once the broker has it. */
    void reject(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        accept(record, new RequestRejectedException(reason, cause));
    }

    /**
     * Also the error handler's recoverer, for records whose retries ran out (the candidates could not be
     * published, say).
     *
     * @throws WorkerStoppingException when the record failed because the worker is stopping
     */
    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        WorkerStoppingException stopping = find(exception, WorkerStoppingException.class);
        if (stopping != null || find(exception, CancellationException.class) != null) {
            throw stopping != null ? stopping
                    : new WorkerStoppingException("the worker stopped before decoding the request", exception);
        }
        recoverer.accept(record, exception);
        metrics.requestDeadLettered();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (find(exception, RequestRejectedException.class) != null) {
            log.warn("Rejected generation request {} ({}): {}; sent to {}", record.key(), where, reason(exception),
                    Topics.dlt(record.topic()));
        } else {
            log.error("Gave up on generation request {} ({}) after retries; sent to {}", record.key(), where,
                    Topics.dlt(record.topic()), exception);
        }
    }

    static String reason(Throwable exception) {
        RequestRejectedException rejected = find(exception, RequestRejectedException.class);
        if (rejected != null) {
            return oneLine(rejected.getMessage());
        }
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return oneLine(root.getClass().getName() + ": " + root.getMessage());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static <E extends Throwable> E find(Throwable exception, Class<E> type) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
