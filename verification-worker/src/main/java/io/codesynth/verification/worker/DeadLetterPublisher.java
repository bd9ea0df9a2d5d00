package io.codesynth.verification.worker;

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
 * Sends a candidate batch that could not be verified to {@code codesynth.candidates.v1-dlt} the way
 * {@link DeadLetters} describes (original bytes, reason headers), counts it and logs it once.
 */
final class DeadLetterPublisher implements ConsumerRecordRecoverer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final DeadLetterPublishingRecoverer recoverer;
    private final Counter rejected;

    DeadLetterPublisher(ProducerFactory<String, byte[]> producerFactory, MeterRegistry meters) {
        this.template = DeadLetters.rawTemplate(producerFactory);
        this.recoverer = DeadLetters.recoverer(template);
        this.rejected = Counter.builder("codesynth.verification.batches.dead.lettered")
                .description("Candidate batches sent to the dead-letter topic").register(meters);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        recoverer.accept(record, exception);
        rejected.increment();
        String where = DeadLetters.where(record);
        InvalidBatchMessage invalid = DeadLetters.find(exception, InvalidBatchMessage.class);
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
}
