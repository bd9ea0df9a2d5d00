package io.codesynth.demomodel;

/**
 * One primitive operation of the task family: how Python spells it, how English describes it, and how Java
 * evaluates it (the evaluation computes the expected outputs, so tests are correct by construction).
 *
 * @param id       stable name; the held-out split hashes these, so renaming one moves problems between splits
 * @param input    the type it consumes
 * @param output   the type it produces
 * @param constant the kind of constant it takes ({@link Constant#NONE} for none)
 * @param python   a Python expression: {@code {x}} is the input variable, {@code {k}} the constant as a Python
 *                 literal, {@code {a}}/{@code {b}} the two letters of a {@link Constant#CHAR_PAIR}
 * @param english  an imperative phrase with the same placeholders ({@code {x}} not allowed)
 * @param slug     a word for function names
 * @param function the Java evaluation
 */
public record Operation(String id, ValueType input, ValueType output, Constant constant, String python, String english,
                        String slug, Function function) {

    /** Java evaluation of an operation; throws {@link InvalidInput} where Python would raise. */
    @FunctionalInterface
    public interface Function {
        Object apply(Object x, Object k);
    }

    /** An input on which the Python code would raise (max of an empty list), or a value outside the family's bounds. */
    public static final class InvalidInput extends RuntimeException {
        public InvalidInput(String message) {
            super(message, null, false, false);
        }
    }

    /** The Python expression applied to {@code variable} with {@code k} bound. */
    public String pythonCode(String variable, Object k) {
        return fill(python, k).replace("{x}", variable);
    }

    /** The English phrase with {@code k} bound (letters quoted as in Python). */
    public String englishPhrase(Object k) {
        return fill(english, k);
    }

    private String fill(String template, Object k) {
        return switch (constant) {
            case NONE -> template;
            case CHAR_PAIR -> {
                String pair = (String) k;
                yield template.replace("{a}", ValueType.literal(pair.substring(0, 1)))
                        .replace("{b}", ValueType.literal(pair.substring(1, 2)));
            }
            default -> template.replace("{k}", ValueType.literal(k));
        };
    }
}
