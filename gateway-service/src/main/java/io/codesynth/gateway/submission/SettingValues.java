package io.codesynth.gateway.submission;

import java.util.Optional;

/**
 * Named, typed values of one source (a JSON object or the query string). Each getter reports a value
 * of the wrong type to the source's {@link Violations} and answers empty, so readers can go on and
 * find further errors.
 */
interface SettingValues {

    Optional<String> string(String name);

    Optional<Integer> integer(String name);

    Optional<Long> longInteger(String name);

    Optional<Double> number(String name);

    /** The name as it appears in error reports ({@code decoding.steps}, {@code steps}). */
    String field(String name);

    /** The body line the values come from, or null. */
    Integer line();

    Violations violations();

    default void error(String name, String message) {
        violations().add(field(name), line(), message);
    }
}
