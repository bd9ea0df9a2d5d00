package io.codesynth.demomodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProblemGeneratorTest {

    @Test
    void theCatalogueHasAtLeastThirtyOperationsOverEveryArgumentType() {
        List<Operation> all = Operations.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(all.stream().map(Operation::id).distinct()).hasSameSizeAs(all);
        Map<ValueType, Long> byInput = all.stream().collect(Collectors.groupingBy(Operation::input, Collectors.counting()));
        assertThat(byInput.get(ValueType.INT)).isGreaterThanOrEqualTo(10);
        assertThat(byInput.get(ValueType.LIST)).isGreaterThanOrEqualTo(10);
        assertThat(byInput.get(ValueType.STR)).isGreaterThanOrEqualTo(10);
        assertThat(all).allSatisfy(op -> assertThat(op.python()).contains("{x}"));
    }

    @Test
    void theSameSeedGivesTheSameProblemsAndAnotherSeedOthers() {
        List<GeneratedProblem> first = new ProblemGenerator(7).generate(Split.TRAIN, 0, 300);
        List<GeneratedProblem> again = new ProblemGenerator(7).generate(Split.TRAIN, 0, 300);
        List<GeneratedProblem> other = new ProblemGenerator(8).generate(Split.TRAIN, 0, 300);
        assertThat(again).isEqualTo(first);
        assertThat(other.stream().map(GeneratedProblem::prompt).filter(first.stream().map(GeneratedProblem::prompt).toList()::contains))
                .hasSizeLessThan(5);
        // random access: problem 250 alone is problem 250 of the run
        assertThat(new ProblemGenerator(7).generate(Split.TRAIN, 250)).isEqualTo(first.get(250));
        assertThat(new ProblemGenerator(7).generate(Split.HELD_OUT, 0, 50))
                .isEqualTo(new ProblemGenerator(7).generate(Split.HELD_OUT, 0, 50));
    }

    @Test
    void problemsHaveHumanEvalShapeAndTestsOnInputsThePromptDoesNotShow() {
        for (GeneratedProblem problem : new ProblemGenerator(3).generate(Split.TRAIN, 0, 500)) {
            assertThat(problem.prompt()).startsWith("def " + problem.entryPoint() + "(").contains("    >>> ").endsWith("    \"\"\"\n");
            assertThat(problem.test()).startsWith("def check(candidate):\n");
            assertThat(problem.heldOutTest()).startsWith("def check(candidate):\n");
            assertThat(problem.canonicalSolution()).startsWith("    ").contains("    return ").endsWith("\n");
            Set<String> shown = examplesShown(problem);
            assertThat(shown).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            Set<String> tested = calls(problem.test(), "    assert candidate(");
            Set<String> heldOut = calls(problem.heldOutTest(), "    assert candidate(");
            assertThat(tested).hasSize(ProblemGenerator.TEST_COUNT).doesNotContainAnyElementsOf(shown);
            assertThat(heldOut).hasSize(ProblemGenerator.TEST_COUNT).doesNotContainAnyElementsOf(shown)
                    .doesNotContainAnyElementsOf(tested);
        }
    }

    @Test
    void theFamilyHoldsHundredsOfThousandsOfDistinctProblems() {
        BigInteger compositions = BigInteger.ZERO;
        BigInteger shapes = BigInteger.ZERO;
        for (int depth = 1; depth <= Composition.MAX_DEPTH; depth++) {
            compositions = compositions.add(CompositionSpace.compositionCount(depth));
            shapes = shapes.add(CompositionSpace.shapeCount(depth));
        }
        assertThat(compositions).isGreaterThan(BigInteger.valueOf(500_000));
        // some chains have no valid inputs (max of a list every earlier step empties): estimate the usable share
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int drawn = 0;
        int usable = 0;
        while (drawn < 20_000) {
            Composition composition = ProblemGenerator.drawComposition(random);
            if (composition != null) {
                drawn++;
                usable += ProblemGenerator.drawCases(composition, random) != null ? 1 : 0;
            }
        }
        double usableShare = usable / (double) drawn;
        System.out.printf("usable share of drawn compositions: %.3f (about %.0f usable compositions)%n", usableShare,
                usableShare * compositions.doubleValue());
        assertThat(usableShare * compositions.doubleValue()).isGreaterThan(300_000);

        int draws = 200_000;
        ProblemGenerator generator = new ProblemGenerator(11);
        Set<String> keys = new HashSet<>();
        Set<Integer> prompts = new HashSet<>();
        long started = System.nanoTime();
        for (int i = 0; i < draws; i++) {
            GeneratedProblem problem = generator.generate(Split.TRAIN, i);
            keys.add(problem.composition().key());
            prompts.add(problem.prompt().hashCode());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("operations=%d shapes=%s compositions=%s; %d draws in %.1f s (%.0f problems/s): "
                        + "%d distinct compositions, ~%d distinct prompts%n",
                Operations.all().size(), shapes, compositions, draws, seconds, draws / seconds, keys.size(), prompts.size());
        // draws repeat the short chains, so distinct compositions grow more slowly than draws; the space is far larger
        assertThat(keys.size()).isGreaterThan(50_000);
        assertThat(prompts.size()).isGreaterThan(195_000);
    }

    private static Set<String> examplesShown(GeneratedProblem problem) {
        return calls(problem.prompt(), "    >>> " + problem.entryPoint() + "(");
    }

    /** The argument literals of the calls that start lines with {@code prefix}. */
    private static Set<String> calls(String text, String prefix) {
        Function<String, String> argument = line -> {
            String rest = line.substring(prefix.length());
            int close = rest.lastIndexOf(") == ");
            return close >= 0 ? rest.substring(0, close) : rest.substring(0, rest.length() - 1);
        };
        return text.lines().filter(line -> line.startsWith(prefix)).map(argument).collect(Collectors.toSet());
    }
}
