package io.codesynth.kafka;

/**
 * Consumer settings that the pipeline's correctness depends on, for a listener's {@code properties} so they
 * are fixed in code rather than left to configuration: only committed records (producers publish
 * transactionally), no automatic commits (the container commits after the effect), the earliest record when the
 * group is new, and raw bytes so that a record that does not decode still reaches the listener and from there
 * the dead-letter topic unchanged.
 */
public final class ConsumerDefaults {

    /**
     * For {@code @KafkaListener(properties = ...)}; one string in properties-file form, which Spring Kafka loads
     * as several properties.
     */
    public static final String RAW_COMMITTED_RECORDS = """
            isolation.level=read_committed
            enable.auto.commit=false
            auto.offset.reset=earliest
            key.deserializer=org.apache.kafka.common.serialization.StringDeserializer
            value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer
            """;

    private ConsumerDefaults() {
    }
}
