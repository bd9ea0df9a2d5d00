package io.codesynth.demomodel;

import java.util.List;
import java.util.StringJoiner;

/**
 * The types a problem's values take: Python {@code int}, {@code list[int]}, {@code str} and {@code bool}, held in
 * Java as {@link Long}, {@code List<Long>}, {@link String} (ASCII letters only) and {@link Boolean}.
 */
public enum ValueType {
    INT("int", "an integer"),
    LIST("list[int]", "a list of integers"),
    STR("str", "a string"),
    BOOL("bool", "a boolean");

    private final String annotation;
    private final String description;

    ValueType(String annotation, String description) {
        this.annotation = annotation;
        this.description = description;
    }

    /** The Python type annotation ({@code list[int]} needs Python 3.9, which the sandbox requires anyway). */
    public String annotation() {
        return annotation;
    }

    /** The noun phrase a docstring uses ("a list of integers"). */
    public String description() {
        return description;
    }

    /** The Python literal of {@code value}, exactly as Python's {@code repr} writes it. */
    public static String literal(Object value) {
        return switch (value) {
            case Long number -> number.toString();
            case Boolean bool -> bool ? "True" : "False";
            // generated strings hold only ASCII letters, so repr is the text in single quotes
            case String text -> "'" + text + "'";
            case List<?> list -> {
                StringJoiner joiner = new StringJoiner(", ", "[", "]");
                list.forEach(element -> joiner.add(literal(element)));
                yield joiner.toString();
            }
            default -> throw new IllegalArgumentException("not a problem value: " + value + " (" + value.getClass() + ")");
        };
    }
}
