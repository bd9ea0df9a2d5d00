package io.codesynth.demomodel;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of constant an operation may take, each with its finite domain: the domains make the
 * number of distinct compositions computable exactly ({@link CompositionSpace}).
 */
public enum Constant {
    NONE,
    /** added or subtracted: 1..9 */
    OFFSET,
    /** compared with: 0..9 */
    THRESHOLD,
    /** multiplied or divided by: 2..5 */
    FACTOR,
    /** a modulus: 2..9 */
    MODULUS,
    /** elements or characters to take or drop: 1..4 */
    COUNT,
    /** one letter */
    CHAR,
    /** two different letters (a replacement), held as a two-character string */
    CHAR_PAIR;

    static final String LETTERS = "aeilnorst";

    private final List<Object> domain = new ArrayList<>();

    static {
        range(OFFSET, 1, 9);
        range(THRESHOLD, 0, 9);
        range(FACTOR, 2, 5);
        range(MODULUS, 2, 9);
        range(COUNT, 1, 4);
        for (char c : LETTERS.toCharArray()) {
            CHAR.domain.add(String.valueOf(c));
            for (char d : LETTERS.toCharArray()) {
                if (c != d) {
                    CHAR_PAIR.domain.add("" + c + d);
                }
            }
        }
        NONE.domain.add(NoValue.INSTANCE);
    }

    private static void range(Constant kind, long from, long to) {
        for (long value = from; value <= to; value++) {
            kind.domain.add(value);
        }
    }

    /** Every value of this kind; {@link NONE} has the single value {@link NoValue#INSTANCE}. */
    public List<Object> domain() {
        return domain;
    }

    /** Marker for "no constant", so that a step's constant is never null. */
    public enum NoValue { INSTANCE }
}
