package io.codesynth.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of pipeline messages, shared by every producer and consumer.
 *
 * <p>Unknown fields are ignored, so older consumers read messages of newer producers; required fields
 * are enforced by the records' constructors, so a message missing one fails to decode with the
 * field's name in the error.
 */
public final class PipelineJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
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
