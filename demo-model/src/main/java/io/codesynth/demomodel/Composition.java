package io.codesynth.demomodel;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A chain of one to three operations with their constants, applied to the function's single argument:
 * the "meaning" of a problem. Two problems with equal compositions compute the same function.
 */
public record Composition(List<Step> steps) {

    public static final int MAX_DEPTH = 3;

    /** One operation with its constant bound ({@link Constant.NoValue#INSTANCE} when it takes none). */
    public record Step(Operation operation, Object constant) {
    }

    public Composition {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || steps.size() > MAX_DEPTH) {
            throw new IllegalArgumentException("a composition has 1 to " + MAX_DEPTH + " steps, not " + steps.size());
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).operation().input() != steps.get(i - 1).operation().output()) {
                throw new IllegalArgumentException("step " + i + " (" + steps.get(i).operation().id() + ") cannot take the "
                        + steps.get(i - 1).operation().output() + " of " + steps.get(i - 1).operation().id());
            }
        }
    }

    public ValueType inputType() {
        return steps.getFirst().operation().input();
    }

    public ValueType outputType() {
        return steps.getLast().operation().output();
    }

    /** The operation ids joined by {@code >}: what decides the split; constants play no part. */
    public String shape() {
        return steps.stream().map(step -> step.operation().id()).collect(Collectors.joining(">"));
    }

    /** The shape with constants, e.g. {@code keep_greater(3)>sum}: equal keys mean equal functions. */
    public String key() {
        return steps.stream()
                .map(step -> step.operation().id()
                        + (step.operation().constant() == Constant.NONE ? "" : "(" + step.constant() + ")"))
                .collect(Collectors.joining(">"));
    }

    public Split split() {
        return Split.of(this);
    }

    /**
     * The result of the composition on {@code input}, evaluated step by step with the family's bounds checked after
     * every step; throws {@link Operation.InvalidInput} where Python would raise or a bound is exceeded.
     */
    public Object evaluate(Object input) {
        Object value = input;
        for (Step step : steps) {
            value = step.operation().function().apply(value, step.constant());
            checkBounds(value);
        }
        return value;
    }

    /** Keeps values small so that tests stay short and Java's longs never overflow where Python's ints would not. */
    private static void checkBounds(Object value) {
        switch (value) {
            case Long number when Math.abs(number) > 1_000_000 -> throw new Operation.InvalidInput("integer too large");
            case String text when text.length() > 24 -> throw new Operation.InvalidInput("string too long");
            case List<?> list when list.size() > 16 -> throw new Operation.InvalidInput("list too long");
            case List<?> list -> list.forEach(Composition::checkBounds);
            default -> {
            }
        }
    }
}
