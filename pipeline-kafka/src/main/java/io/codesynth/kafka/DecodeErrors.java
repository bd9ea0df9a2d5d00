package io.codesynth.kafka;

import tools.jackson.core.JacksonException;

/** Short, field-naming explanations of why a record did not decode, for dead-letter reasons. */
public final class DecodeErrors {

    private DecodeErrors() {
    }

    /**
     * Where and what: the JSON path of the failure and the first line of the innermost message, which
     * for a record constructor is the violated rule ({@code tasks[0].problem: prompt is required ...}).
     */
    public static String explain(JacksonException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JacksonException jackson ? jackson.getOriginalMessage() : root.getMessage();
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        String path = path(e);
        return path.isEmpty() ? message : path + ": " + message;
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
