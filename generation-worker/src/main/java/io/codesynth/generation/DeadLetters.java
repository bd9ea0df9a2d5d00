package io.codesynth.generation;

import static io.codesynth.kafka.DeadLetters.find;

import io.codesynth.contracts.Topics;
import io.codesynth.generation.decode.GenerationMetrics;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends a generation request that cannot be decoded to {@code codesynth.generation.v1-dlt} the way
 * {@link io.codesynth.kafka.DeadLetters} describes (original bytes, reason headers; the results service marks
 * the task failed with the reason), and waits for the broker's acknowledgement, so the request's offset may be
 * committed afterwards. Requests caught by a shutdown are never dead-lettered: they are decoded again after the
 * restart.
 */
final class DeadLetters implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer recoverer;
    private final GenerationMetrics metrics;

    DeadLetters(KafkaTemplate<String, byte[]> template, GenerationMetrics metrics, Duration publishTimeout) {
        this.metrics = metrics;
        this.recoverer = io.codesynth.kafka.DeadLetters.recoverer(template, DeadLetters::reason);
        this.recoverer.setFailIfSendResultIsError(true);
        this.recoverer.setWaitForSendResultTimeout(publishTimeout);
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
        String where = io.codesynth.kafka.DeadLetters.where(record);
        if (find(exception, RequestRejectedException.class) != null) {
            log.warn("Rejected generation request {} ({}): {}; sent to {}", record.key(), where, reason(exception),
                    Topics.dlt(record.topic()));
        } else {
            log.error("Gave up on generation request {} ({}) after retries; sent to {}", record.key(), where,
                    Topics.dlt(record.topic()), exception);
        }
    }

    /** The shared reason, on one line: the decoder's messages may span several. */
    static String reason(Throwable exception) {
        return io.codesynth.kafka.DeadLetters.reason(exception).replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
