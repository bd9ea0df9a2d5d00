package io.codesynth.contracts;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Validates JSON against the shipped schemas the way a subscriber would: the files are loaded by
 * their {@code $id}s, which resolve to the classpath, with format assertions (uuid, date-time) on.
 */
final class SchemaSupport {

    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(Schemas.BASE_URI,
                    "classpath:" + Schemas.DIRECTORY + "/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private SchemaSupport() {
    }

    /** The schema at a URI, e.g. a message schema's {@code $id} or {@code common.v1.schema.json#/$defs/Problem}. */
    static JsonSchema schema(String uri) {
        return CACHE.computeIfAbsent(uri, u -> FACTORY.getSchema(SchemaLocation.of(u), CONFIG));
    }

    static JsonSchema schemaOf(Class<?> messageType) {
        return schema(Schemas.id(messageType).toString());
    }

    /** The validation errors of a JSON text against a message type's schema, as readable lines. */
    static List<String> errors(Class<?> messageType, String json) {
        return errors(schemaOf(messageType), json);
    }

    static List<String> errors(Class<?> messageType, JsonNode json) {
        return errors(messageType, PipelineJson.toJson(json));
    }

    static List<String> errors(JsonSchema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(ValidationMessage::toString).sorted().toList();
    }

    /** A classpath resource as text. */
    static String resource(String path) {
        try (InputStream in = SchemaSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String golden(Class<?> messageType) {
        return resource(GoldenMessages.goldenResource(messageType));
    }

    static JsonNode tree(String json) {
        return PipelineJson.mapper().readTree(json);
    }
}
