package io.codesynth.kafka;

import io.codesynth.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The dead-letter convention of every service, in one place so that subscribers of any dead-letter topic see
 * the same thing: the original key and bytes on {@code <topic>-dlt}, Spring Kafka's {@code kafka_dlt-*} headers
 * (exception, original topic, partition and offset) and {@value #REASON_HEADER}, a one-line reason readable
 * from any language. Counting and logging stay with the services, which know what their records are.
 */
public final class DeadLetters {

    /** Header with the one-line reason a record was dead-lettered. */
    public static final String REASON_HEADER = "codesynth-dlt-reason";

    private DeadLetters() {
    }

    /**
     * A template on the application's producer factory with the serializers of the consumed records, so the
     * dead letter is the original key and bytes whatever the application's producer serializers are; usable
     * outside a transaction even when the factory is transactional.
     */
    public static KafkaTemplate<String, byte[]> rawTemplate(ProducerFactory<String, byte[]> producerFactory) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producerFactory, Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        template.setAllowNonTransactional(true);
        return template;
    }

    /** A recoverer that publishes to {@code <topic>-dlt} with {@link #reason(Throwable)} as the reason header. */
    public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template) {
        return recoverer(template, DeadLetters::reason);
    }

    /** A recoverer that publishes to {@code <topic>-dlt} with the given reason in {@value #REASON_HEADER}. */
    public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template,
            Function<Exception, String> reason) {
        // partition -1: let the key choose, the dead-letter topic may have fewer partitions
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.dlt(record.topic()), -1));
        recoverer.setHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reason.apply(exception).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        return recoverer;
    }

    /**
     * The reason of the first {@link InvalidMessageException} in the cause chain; else, for a failure that is
     * not the record's fault, the innermost exception's class and message.
     */
    public static String reason(Throwable exception) {
        InvalidMessageException invalid = find(exception, InvalidMessageException.class);
        if (invalid != null) {
            return invalid.reason();
        }
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    /** The first exception of the given type in the cause chain, else null. */
    public static <E extends Throwable> E find(Throwable exception, Class<E> type) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code topic-partition@offset}, the way the services' log lines name a record. */
    public static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
