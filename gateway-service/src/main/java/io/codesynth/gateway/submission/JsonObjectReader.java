package io.codesynth.gateway.submission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Typed access to the fields of one JSON object of a request, reporting missing and mistyped fields
 * with their path (and NDJSON line) instead of failing on the first one. A JSON {@code null} counts
 * as absent.
 */
final class JsonObjectReader implements SettingValues {

    private final JsonNode node;
    private final String path;
    private final Integer line;
    private final Violations violations;

    JsonObjectReader(JsonNode node, String path, Integer line, Violations violations) {
        this.node = node;
        this.path = path;
        this.line = line;
        this.violations = violations;
    }

    @Override
    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Path of this object itself ({@code problems[2]}), empty for the root. */
    String path() {
        return path;
    }

    @Override
    public Integer line() {
        return line;
    }

    @Override
    public Violations violations() {
        return violations;
    }

    boolean has(String name) {
        return value(name) != null;
    }

    @Override
    public Optional<String> string(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            error(name, "must be a string");
            return Optional.empty();
        }
        return Optional.of(value.stringValue());
    }

    /** A string that must be present and not blank; {@code hint} says what a complete object holds. */
    String requiredString(String name, String hint) {
        if (!has(name)) {
            error(name, "is required" + hint);
            return null;
        }
        String value = string(name).orElse(null);
        if (value != null && value.isBlank()) {
            error(name, "must not be blank");
            return null;
        }
        return value;
    }

    /** An id given as a string or an integer (MBPP numbers its tasks), as text. */
    String requiredId(String name, String hint) {
        JsonNode value = value(name);
        if (value != null && value.isIntegralNumber()) {
            return value.asString();
        }
        return requiredString(name, hint);
    }

    @Override
    public Optional<Integer> integer(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()) {
            error(name, "must be an integer");
            return Optional.empty();
        }
        if (!value.canConvertToInt()) {
            error(name, "is out of range, was " + value.asString());
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    @Override
    public Optional<Long> longInteger(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            error(name, "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
            return Optional.empty();
        }
        return Optional.of(value.longValue());
    }

    @Override
    public Optional<Double> number(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            error(name, "must be a number");
            return Optional.empty();
        }
        return Optional.of(value.doubleValue());
    }

    /** An array of strings; empty when absent or mistyped. */
    Optional<List<String>> strings(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            error(name, "must be an array of strings");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(value.size());
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element == null || !element.isString()) {
                violations.add(field(name) + "[" + i + "]", line, "must be a string");
                ok = false;
            } else {
                out.add(element.stringValue());
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** A non-empty array of strings that must be present. */
    List<String> requiredStrings(String name, String hint) {
        if (!has(name)) {
            error(name, "is required" + hint);
            return null;
        }
        List<String> values = strings(name).orElse(null);
        if (values != null && values.isEmpty()) {
            error(name, "must contain at least one test");
            return null;
        }
        return values;
    }

    /** The nested object {@code name}, or empty when absent or not an object. */
    Optional<JsonObjectReader> object(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            error(name, "must be an object");
            return Optional.empty();
        }
        return Optional.of(new JsonObjectReader(value, field(name), line, violations));
    }

    /** Reports fields this object may not have; used where a misspelt field would silently change a job. */
    void rejectUnknown(Set<String> known) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                error(name, "is not a known field; expected one of " + String.join(", ", known));
            }
        }
    }

    private JsonNode value(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }
}
