package io.codesynth.gateway.submission;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The strict JSON parsing of request bodies: no trailing content, no duplicate keys. */
final class JobJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JobJson() {
    }

    /** A parser error as one sentence with its column, without the parser's source excerpt. */
    static String describe(JacksonException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getColumnNr() > 0) {
            return "malformed JSON at column " + location.getColumnNr() + ": " + message;
        }
        return "malformed JSON: " + message;
    }

    /** The 1-based line a parser error was found on, or null. */
    static Integer lineOf(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        return location != null && location.getLineNr() > 0 ? location.getLineNr() : null;
    }
}
