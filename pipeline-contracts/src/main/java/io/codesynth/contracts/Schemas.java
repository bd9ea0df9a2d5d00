package io.codesynth.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON Schemas (draft 2020-12) of the pipeline messages, shipped in this jar under
 * {@code schemas/}: one file per message type plus {@value #COMMON}, which holds the shared
 * definitions the others {@code $ref}. A service can serve them as they are, so subscribers in other
 * languages can read the topics.
 *
 * <p>Each file's {@code $id} is {@value #BASE_URI} followed by its file name. The ids name the
 * schemas; they are not download addresses, so validators should be given the files themselves.
 */
public final class Schemas {

    /** Classpath folder of the schema files. */
    public static final String DIRECTORY = "schemas";
    /** Base of every schema's {@code $id}; relative {@code $ref}s between the files resolve against it. */
    public static final String BASE_URI = "https://codesynth.io/schemas/";
    /** The shared definitions (problem, decoding settings, sandbox limits, enums, ...). */
    public static final String COMMON = "common.v" + PipelineMessage.SCHEMA_VERSION + ".schema.json";

    private Schemas() {
    }

    /** The schema file name of a message type, e.g. {@code job-submitted.v1.schema.json}. */
    public static String fileName(Class<?> messageType) {
        String name = MessageTypes.typeName(messageType);
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return kebab + ".v" + PipelineMessage.SCHEMA_VERSION + ".schema.json";
    }

    /** The classpath resource path of a message type's schema, e.g. {@code schemas/job-submitted.v1.schema.json}. */
    public static String resource(Class<?> messageType) {
        return DIRECTORY + "/" + fileName(messageType);
    }

    /** The {@code $id} of a message type's schema. */
    public static URI id(Class<?> messageType) {
        return URI.create(BASE_URI + fileName(messageType));
    }

    /** Every schema file name: the six message schemas, then {@value #COMMON}. */
    public static List<String> fileNames() {
        List<String> names = new ArrayList<>();
        MessageTypes.all().forEach(type -> names.add(fileName(type)));
        names.add(COMMON);
        return List.copyOf(names);
    }

    /** The text of a message type's schema. */
    public static String read(Class<?> messageType) {
        return read(fileName(messageType));
    }

    /**
     * The text of one schema file.
     *
     * @param fileName one of {@link #fileNames()}; any other name is rejected, so the name can come
     *                 from a request path without exposing other classpath resources
     */
    public static String read(String fileName) {
        if (!fileNames().contains(fileName)) {
            throw new IllegalArgumentException(
                    "unknown schema file '" + fileName + "', expected one of " + fileNames());
        }
        String path = DIRECTORY + "/" + fileName;
        try (InputStream in = Schemas.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("schema " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + path, e);
        }
    }
}
