package io.codesynth.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a request was rejected, as listed in the {@code errors} member of a problem document.
 *
 * @param field   the offending field: a JSON path for JSON bodies ({@code problems[2].entryPoint}), the
 *                line's own key for NDJSON ({@code entry_point}), a query parameter, a header, or
 *                {@code body} for the body as a whole
 * @param line    1-based line of the body the error was found on, when the body is line-oriented
 *                (NDJSON) or the JSON parser reported one; absent otherwise
 * @param message what is wrong, phrased to be read after the field name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, Integer line, String message) {

    public static FieldError of(String field, String message) {
        return new FieldError(field, null, message);
    }
}
