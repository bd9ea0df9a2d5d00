package io.codesynth.results.intake;

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
 * Sends a record that could not be processed to {@code <topic>-dlt}, byte for byte, with the reason
 * in the headers, and logs it once. Besides Spring Kafka's {@code kafka_dlt-*} headers (exception
 * class, message, stack trace, original topic, partition and offset) each dead letter carries
 * {@value #REASON_HEADER}: a one-line reason for subscribers in any language.
 */
final class DeadLetterPublisher implements ConsumerRecordRecoverer, DisposableBean {

    /** Header with the one-line reason a record was dead-lettered. */
    static final String REASON_HEADER = "codesynth-dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final DeadLetterPublishingRecoverer recoverer;
    private final MeterRegistry meters;

    DeadLetterPublisher(ProducerFactory<String, byte[]> producerFactory, MeterRegistry meters) {
        // the application's producer factory, with the serializers of the consumed record types, so the
        // dead letter is the original key and bytes whatever the application's producer serializers are
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
        this.meters = meters;
        // registered up front so the job intake's three outcomes are all visible from the start
        jobsDeadLettered();
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        recoverer.accept(record, exception);
        if (Topics.JOBS.equals(record.topic())) {
            jobsDeadLettered().increment();
        }
        Counter.builder("codesynth.results.messages.dead-lettered").tag("topic", record.topic())
                .description("Records of the consumed topics sent to their dead-letter topic").register(meters)
                .increment();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        InvalidMessage invalid = invalidMessage(exception);
        if (invalid != null) {
            log.warn("Rejected record {} (key {}): {}; sent to {}", where,
                    invalid.key() != null ? invalid.key() : record.key(), invalid.reason(), Topics.dlt(record.topic()));
        } else {
            // retries are exhausted on something that is not the record's fault: a real fault, keep the trace
            log.error("Gave up on record {} (key {}) after retries; sent to {}", where, record.key(),
                    Topics.dlt(record.topic()), exception);
        }
    }

    @Override
    public void destroy() {
        template.destroy();
    }

    private Counter jobsDeadLettered() {
        return Counter.builder("codesynth.results.jobs.received").tag("outcome", "dead-lettered")
                .description("JobSubmitted records sent to the dead-letter topic").register(meters);
    }

    static String reason(Exception exception) {
        InvalidMessage invalid = invalidMessage(exception);
        if (invalid != null) {
            return invalid.reason();
        }
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    private static InvalidMessage invalidMessage(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidMessage invalid) {
                return invalid;
            }
        }
        return null;
    }
}
