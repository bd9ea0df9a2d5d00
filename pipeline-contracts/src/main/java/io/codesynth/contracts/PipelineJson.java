package io.codesynth.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of pipeline messages, shared by every producer and consumer.
 *
 * <p>Unknown fields are ignored, so older consumers read messages of newer producers; required fields
 * are enforced by the records' constructors (objects, strings, lists) and by
 * {@code @JsonProperty(required = true)} (numbers and booleans, which Jackson would otherwise default),
 * so a message missing one fails to decode with the field's name in the error. Instants are written
 * as ISO-8601 strings and map entries in key order, so equal messages serialise to equal bytes.
 * The JSON Schemas under {@code schemas/} on the classpath describe the same mapping ({@link Schemas}).
 */
public final class PipelineJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private PipelineJson() {
    }

    /** The shared, thread-safe mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object message) {
        return MAPPER.writeValueAsBytes(message);
    }

    public static String toJson(Object message) {
        return MAPPER.writeValueAsString(message);
    }

    public static <T> T fromBytes(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
