package io.codesynth.demomodel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The seeded generator of the task family. Problem {@code i} of a split depends only on the seed, the split and
 * {@code i}, so any slice can be regenerated (or generated in parallel) without the ones before it.
 */
public final class ProblemGenerator {

    public static final String TASK_PREFIX = "CodeSynthDemo/";
    static final int TEST_COUNT = 5;
    private static final int INPUTS_NEEDED = 2 + 2 * TEST_COUNT;
    private static final int INPUT_ATTEMPTS = 400;

    private static final Map<ValueType, List<String>> ARGUMENT_NAMES = Map.of(
            ValueType.INT, List.of("n", "x", "num", "number", "value", "m"),
            ValueType.LIST, List.of("nums", "xs", "values", "numbers", "arr", "items", "data", "lst"),
            ValueType.STR, List.of("s", "text", "word", "name", "phrase", "label"));
    private static final List<String> NAME_PREFIXES = List.of("", "", "", "get_", "compute_", "find_");
    private static final List<String> OPENINGS = List.of("Given %s %s, ", "Take %s %s, ", "For %s %s, ");
    private static final List<String> CLOSINGS = List.of(", and return the result.", ". Return the result.",
            ", and return what you get.");
    private static final String LOWER = "abcdeilmnorstuy";
    /** Names a function must not take: a function named {@code abs} that calls {@code abs} would recurse. */
    private static final Set<String> RESERVED = Set.of("abs", "all", "any", "int", "len", "list", "max", "min", "ord",
            "range", "reversed", "set", "sorted", "str", "sum", "bool", "check", "candidate", "result");

    private final long seed;

    public ProblemGenerator(long seed) {
        this.seed = seed;
    }

    /** Problems {@code from .. from + count - 1} of {@code split}. */
    public List<GeneratedProblem> generate(Split split, long from, int count) {
        List<GeneratedProblem> problems = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            problems.add(generate(split, i));
        }
        return problems;
    }

    /** Problem {@code index} of {@code split}. */
    public GeneratedProblem generate(Split split, long index) {
        SplittableRandom random = new SplittableRandom(mix(mix(seed) ^ mix(index * 2 + split.ordinal())));
        while (true) {
            Composition composition = drawComposition(random);
            if (composition == null || composition.split() != split) {
                continue;
            }
            Map<Object, Object> cases = drawCases(composition, random);
            if (cases != null) {
                String taskId = TASK_PREFIX + (split == Split.TRAIN ? "train/" : "heldout/") + index;
                return render(taskId, composition, cases, random);
            }
        }
    }

    /** A random chain of 1 to 3 operations, or null where the chain ran into a result nothing can follow. */
    static Composition drawComposition(SplittableRandom random) {
        int roll = random.nextInt(100);
        int depth = roll < 15 ? 1 : roll < 55 ? 2 : 3;
        List<Composition.Step> steps = new ArrayList<>();
        Operation previous = null;
        for (int i = 0; i < depth; i++) {
            List<Operation> candidates = CompositionSpace.successors(previous);
            if (candidates.isEmpty()) {
                return null;
            }
            Operation op = candidates.get(random.nextInt(candidates.size()));
            List<Object> domain = op.constant().domain();
            steps.add(new Composition.Step(op, domain.get(random.nextInt(domain.size()))));
            previous = op;
        }
        return new Composition(steps);
    }

    /**
     * {@value #INPUTS_NEEDED} distinct inputs (examples first, then tests, then held-out tests) with their outputs,
     * or null when too few inputs are valid or the tests would not tell a constant function from the real one.
     */
    static Map<Object, Object> drawCases(Composition composition, SplittableRandom random) {
        Map<Object, Object> cases = new LinkedHashMap<>();
        for (int attempt = 0; attempt < INPUT_ATTEMPTS && cases.size() < INPUTS_NEEDED; attempt++) {
            Object input = drawInput(composition.inputType(), random);
            if (cases.containsKey(input)) {
                continue;
            }
            try {
                cases.put(input, composition.evaluate(input));
            } catch (Operation.InvalidInput e) {
                // Python would raise here, or a value left the family's bounds: not a usable input
            }
        }
        if (cases.size() < INPUTS_NEEDED) {
            return null;
        }
        List<Object> outputs = new ArrayList<>(cases.values());
        boolean testsVary = outputs.subList(2, 2 + TEST_COUNT).stream().distinct().count() > 1;
        boolean heldOutVary = outputs.subList(2 + TEST_COUNT, INPUTS_NEEDED).stream().distinct().count() > 1;
        return testsVary && heldOutVary ? cases : null;
    }

    static Object drawInput(ValueType type, SplittableRandom random) {
        return switch (type) {
            case INT -> drawInt(random);
            case LIST -> {
                int length = random.nextInt(9);
                int low = random.nextBoolean() ? -5 : -20;
                int high = random.nextBoolean() ? 15 : 40;
                List<Long> list = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    list.add((long) random.nextInt(low, high + 1));
                }
                yield List.copyOf(list);
            }
            case STR -> {
                int length = random.nextInt(9);
                boolean mixedCase = random.nextInt(3) == 0;
                StringBuilder text = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    char c = LOWER.charAt(random.nextInt(LOWER.length()));
                    text.append(mixedCase && random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                yield text.toString();
            }
            case BOOL -> throw new IllegalArgumentException("no function takes a boolean argument");
        };
    }

    private static Long drawInt(SplittableRandom random) {
        int roll = random.nextInt(10);
        if (roll < 4) {
            return (long) random.nextInt(0, 16);
        }
        if (roll < 8) {
            return (long) random.nextInt(-30, 61);
        }
        return (long) random.nextInt(100, 100_000) * (random.nextBoolean() ? 1 : -1);
    }

    private static GeneratedProblem render(String taskId, Composition composition, Map<Object, Object> cases,
                                           SplittableRandom random) {
        List<String> names = ARGUMENT_NAMES.get(composition.inputType());
        String argument = names.get(random.nextInt(names.size()));
        String entryPoint = functionName(composition, random);
        List<Map.Entry<Object, Object>> all = new ArrayList<>(cases.entrySet());
        int exampleCount = 1 + random.nextInt(2);

        StringBuilder prompt = new StringBuilder();
        prompt.append("def ").append(entryPoint).append('(').append(argument).append(": ")
                .append(composition.inputType().annotation()).append(") -> ")
                .append(composition.outputType().annotation()).append(":\n");
        prompt.append("    \"\"\"");
        appendWrapped(prompt, description(composition, argument, random));
        for (Map.Entry<Object, Object> example : all.subList(0, exampleCount)) {
            prompt.append("    >>> ").append(entryPoint).append('(').append(ValueType.literal(example.getKey())).append(")\n");
            prompt.append("    ").append(ValueType.literal(example.getValue())).append('\n');
        }
        prompt.append("    \"\"\"\n");

        return new GeneratedProblem(taskId, prompt.toString(), entryPoint, solution(composition, argument),
                check(all.subList(2, 2 + TEST_COUNT)), check(all.subList(2 + TEST_COUNT, INPUTS_NEEDED)), composition);
    }

    /** The outermost operation first: {@code total_of_squares_of_evens}. */
    private static String functionName(Composition composition, SplittableRandom random) {
        List<String> slugs = new ArrayList<>();
        for (Composition.Step step : composition.steps()) {
            slugs.addFirst(step.operation().slug());
        }
        String name = NAME_PREFIXES.get(random.nextInt(NAME_PREFIXES.size())) + String.join("_of_", slugs);
        return RESERVED.contains(name) ? "compute_" + name : name;
    }

    private static String description(Composition composition, String argument, SplittableRandom random) {
        StringBuilder text = new StringBuilder(String.format(OPENINGS.get(random.nextInt(OPENINGS.size())),
                composition.inputType().description(), argument));
        List<Composition.Step> steps = composition.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                text.append(", then ");
            }
            text.append(steps.get(i).operation().englishPhrase(steps.get(i).constant()));
        }
        return text + CLOSINGS.get(random.nextInt(CLOSINGS.size()));
    }

    /** Docstring text wrapped at about 80 columns, continuation lines indented like the body. */
    private static void appendWrapped(StringBuilder prompt, String text) {
        int column = 7;
        boolean lineStart = true;
        for (String word : text.split(" ")) {
            if (!lineStart && column + 1 + word.length() > 80) {
                prompt.append("\n    ");
                column = 4;
            } else if (!lineStart) {
                prompt.append(' ');
                column++;
            }
            prompt.append(word);
            column += word.length();
            lineStart = false;
        }
        prompt.append('\n');
    }

    /** One statement per step: the form a model can learn step by step. */
    static String solution(Composition composition, String argument) {
        StringBuilder body = new StringBuilder();
        String variable = argument;
        List<Composition.Step> steps = composition.steps();
        for (int i = 0; i < steps.size(); i++) {
            String expression = steps.get(i).operation().pythonCode(variable, steps.get(i).constant());
            if (i == steps.size() - 1) {
                body.append("    return ").append(expression).append('\n');
            } else {
                body.append("    result = ").append(expression).append('\n');
                variable = "result";
            }
        }
        return body.toString();
    }

    private static String check(List<Map.Entry<Object, Object>> cases) {
        StringBuilder test = new StringBuilder("def check(candidate):\n");
        for (Map.Entry<Object, Object> c : cases) {
            test.append("    assert candidate(").append(ValueType.literal(c.getKey())).append(") == ")
                    .append(ValueType.literal(c.getValue())).append('\n');
        }
        return test.toString();
    }

    /** SplitMix64's finaliser: neighbouring indices get unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
