package io.codesynth.verification.worker;

import io.codesynth.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends a candidate batch that could not be verified to {@code codesynth.candidates.v1-dlt}, byte for
 * byte, with the reason in the headers ({@value #REASON_HEADER}, besides Spring Kafka's
 * {@code kafka_dlt-*} headers), and logs it once. The same convention as every service's dead letters.
 */
final class DeadLetterPublisher implements ConsumerRecordRecoverer, DisposableBean {

    /** Header with the one-line reason a record was dead-lettered. */
    static final String REASON_HEADER = "codesynth-dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final DeadLetterPublishingRecoverer recoverer;
    private final Counter rejected;

    DeadLetterPublisher(ProducerFactory<String, byte[]> producerFactory, MeterRegistry meters) {
        // the consumed record's own key and bytes, whatever the application's producer serializers are
        this.template = new KafkaTemplate<>(producerFactory, Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        this.template.setAllowNonTransactional(true);
        // partition -1: let the key choose, the dead-letter topic may have fewer partitions
        this.recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.dlt(record.topic()), -1));
        this.recoverer.setHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        this.rejected = Counter.builder("codesynth.verification.batches.dead.lettered")
                .description("Candidate batches sent to the dead-letter topic").register(meters);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        recoverer.accept(record, exception);
        rejected.increment();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        InvalidBatchMessage invalid = invalidBatch(exception);
        if (invalid != null) {
            log.warn("Rejected candidate batch {} ({}): {}; sent to {}",
                    invalid.taskKey() == null ? "with unknown task key" : invalid.taskKey(), where, invalid.reason(),
                    Topics.dlt(record.topic()));
        } else {
            log.error("Gave up on candidate batch {} (key {}) after retries; sent to {}", where, record.key(),
                    Topics.dlt(record.topic()), exception);
        }
    }

    @Override
    public void destroy() {
        template.destroy();
    }

    static String reason(Exception exception) {
        InvalidBatchMessage invalid = invalidBatch(exception);
        if (invalid != null) {
            return invalid.reason();
        }
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    private static InvalidBatchMessage invalidBatch(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidBatchMessage invalid) {
                return invalid;
            }
        }
        return null;
    }
}
