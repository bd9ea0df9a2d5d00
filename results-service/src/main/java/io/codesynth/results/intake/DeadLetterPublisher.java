package io.codesynth.results.intake;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends a record that could not be processed to {@code <topic>-dlt} the way {@link DeadLetters} describes
 * (original bytes, reason headers), counts it and logs it once.
 */
final class DeadLetterPublisher implements ConsumerRecordRecoverer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final DeadLetterPublishingRecoverer recoverer;
    private final MeterRegistry meters;

    DeadLetterPublisher(ProducerFactory<String, byte[]> producerFactory, MeterRegistry meters) {
        this.template = DeadLetters.rawTemplate(producerFactory);
        this.recoverer = DeadLetters.recoverer(template);
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
        String where = DeadLetters.where(record);
        InvalidMessage invalid = DeadLetters.find(exception, InvalidMessage.class);
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
}
