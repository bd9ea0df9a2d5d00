package io.codesynth.contracts;

import java.util.List;
import java.util.Map;

/** Argument checks for the records' compact constructors; the messages name the JSON field. */
final class Require {

    private Require() {
    }

    /**
     * An optional worker id as a reader accepts it: null or blank reads as null (unknown); otherwise at most
     * {@link WorkerId#MAX_LENGTH} characters without control characters, as the schemas' {@code OptionalWorkerId}
     * says. Looser than {@link WorkerId} itself, which also refuses other unprintable characters in a worker's own id:
     * whether a character is assigned depends on the reader's Unicode version, and a message must not fail on that.
     */
    static String optionalWorkerId(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > WorkerId.MAX_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + WorkerId.MAX_LENGTH
                    + " characters, was " + length);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(String.format("%s must not contain control characters, has U+%04X",
                        field, (int) c));
            }
        }
        return value;
    }

    static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String nonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return value;
    }

    static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            // JSON has no NaN or infinity; Jackson would write them as strings that no schema accepts
            throw new IllegalArgumentException(field + " must be a finite number, was " + value);
        }
        return value;
    }

    static double probability(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1, was " + value);
        }
        return value;
    }

    /** An immutable copy of a list whose elements must not be null; {@code null} itself reads as empty. */
    static <T> List<T> elements(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** An immutable copy of pass@k estimates: keys {@code pass@<k>}, values probabilities; null reads as empty. */
    static Map<String, Double> passAtK(Map<String, Double> values, String field) {
        if (values == null) {
            return Map.of();
        }
        values.forEach((key, value) -> {
            if (key == null || !key.matches("pass@[1-9][0-9]*")) {
                throw new IllegalArgumentException(field + " keys must look like pass@<k>, got '" + key + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException(field + "." + key + " must not be null");
            }
            probability(value, field + "." + key);
        });
        return Map.copyOf(values);
    }

    static void schemaVersion(int version, int supported) {
        if (version < 1) {
            throw new IllegalArgumentException("schemaVersion is required and must be >= 1");
        }
        if (version > supported) {
            // A newer major version may change meaning; fail loudly instead of guessing.
            throw new IllegalArgumentException(
                    "schemaVersion " + version + " is newer than the supported " + supported);
        }
    }
}
