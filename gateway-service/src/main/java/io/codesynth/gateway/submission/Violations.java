package io.codesynth.gateway.submission;

import io.codesynth.gateway.problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in a request, so the client can fix them all in one round trip. */
final class Violations {

    private final List<FieldError> errors = new ArrayList<>();

    void add(String field, Integer line, String message) {
        errors.add(new FieldError(field, line, message));
    }

    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<FieldError> list() {
        return List.copyOf(errors);
    }
}
