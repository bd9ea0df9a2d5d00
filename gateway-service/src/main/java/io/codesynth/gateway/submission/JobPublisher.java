package io.codesynth.gateway.submission;

import io.codesynth.contracts.Topics;
import io.codesynth.gateway.GatewayProperties;
import io.codesynth.gateway.problem.ApiException;
import io.codesynth.gateway.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a job's records in one Kafka transaction: downstream read_committed consumers see the
 * {@code JobSubmitted} and all its {@code GenerationRequest}s, or none of them.
 */
@Component
class JobPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration retryAfter;

    JobPublisher(KafkaTemplate<String, byte[]> kafka, GatewayProperties properties) {
        this.kafka = kafka;
        this.retryAfter = properties.retryAfter();
    }

    /**
     * Sends and commits every record of the job.
     *
     * @throws ApiException 503 with {@code Retry-After} when the transaction could not be committed;
     *                      it was aborted, so nothing of the job is visible
     */
    void publish(PreparedJob job) {
        try {
            kafka.executeInTransaction(operations -> {
                for (PreparedJob.Outgoing outgoing : job.records()) {
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(outgoing.topic(), outgoing.key(), outgoing.value());
                    record.headers().add(Topics.TYPE_HEADER, outgoing.type().getBytes(StandardCharsets.UTF_8));
                    operations.send(record);
                }
                // the commit flushes and fails if any send failed, which aborts the whole transaction
                return null;
            });
        } catch (RuntimeException e) {
            throw ApiException.unavailable(ProblemType.QUEUE_UNAVAILABLE,
                    "The job could not be queued because Kafka is unavailable; nothing was submitted. Try again later.",
                    retryAfter, e);
        }
    }
}
