package io.codesynth.contracts;

/** Argument checks for the records' compact constructors; the messages name the JSON field. */
final class Require {

    private Require() {
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
