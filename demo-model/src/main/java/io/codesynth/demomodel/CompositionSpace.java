package io.codesynth.demomodel;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which operation may follow which, and how many compositions the family holds. The rules live here so the
 * generator and the counting agree.
 */
public final class CompositionSpace {

    private CompositionSpace() {
    }

    /** The types a function argument may have (a boolean is only ever a result). */
    public static boolean isArgumentType(ValueType type) {
        return type != ValueType.BOOL;
    }

    /** Whether {@code next} may follow {@code previous}: types chain, and no operation is applied twice in a row. */
    public static boolean mayFollow(Operation previous, Operation next) {
        return previous.output() == next.input() && !previous.id().equals(next.id());
    }

    /** Operations that may follow {@code previous} ({@code null}: that may start a composition). */
    public static List<Operation> successors(Operation previous) {
        List<Operation> out = new ArrayList<>();
        for (Operation op : Operations.all()) {
            if (previous == null ? isArgumentType(op.input()) : mayFollow(previous, op)) {
                out.add(op);
            }
        }
        return out;
    }

    /** The number of distinct operation sequences (shapes) of exactly {@code depth} steps. */
    public static BigInteger shapeCount(int depth) {
        return count(depth, false);
    }

    /** The number of distinct compositions (shapes with constants) of exactly {@code depth} steps. */
    public static BigInteger compositionCount(int depth) {
        return count(depth, true);
    }

    /** Counts chains ending in each operation, one step at a time. */
    private static BigInteger count(int depth, boolean withConstants) {
        Map<Operation, BigInteger> ending = new HashMap<>();
        for (Operation op : successors(null)) {
            ending.put(op, weight(op, withConstants));
        }
        for (int step = 2; step <= depth; step++) {
            Map<Operation, BigInteger> next = new HashMap<>();
            for (Map.Entry<Operation, BigInteger> entry : ending.entrySet()) {
                for (Operation op : successors(entry.getKey())) {
                    next.merge(op, entry.getValue().multiply(weight(op, withConstants)), BigInteger::add);
                }
            }
            ending = next;
        }
        return ending.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static BigInteger weight(Operation op, boolean withConstants) {
        return withConstants ? BigInteger.valueOf(op.constant().domain().size()) : BigInteger.ONE;
    }
}
