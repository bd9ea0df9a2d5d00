package io.codesynth.demomodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void heldOutCompositionsNeverOccurInTraining() {
        ProblemGenerator generator = new ProblemGenerator(42);
        Set<String> trainShapes = new HashSet<>();
        for (GeneratedProblem problem : generator.generate(Split.TRAIN, 0, 50_000)) {
            assertThat(problem.split()).isEqualTo(Split.TRAIN);
            assertThat(problem.taskId()).startsWith("CodeSynthDemo/train/");
            trainShapes.add(problem.composition().shape());
        }
        Set<String> heldOutShapes = new HashSet<>();
        for (GeneratedProblem problem : generator.generate(Split.HELD_OUT, 0, 5_000)) {
            assertThat(problem.split()).isEqualTo(Split.HELD_OUT);
            assertThat(problem.taskId()).startsWith("CodeSynthDemo/heldout/");
            heldOutShapes.add(problem.composition().shape());
        }
        System.out.printf("train shapes seen: %d, held-out shapes seen: %d%n", trainShapes.size(), heldOutShapes.size());
        assertThat(heldOutShapes).hasSizeGreaterThan(500).doesNotContainAnyElementsOf(trainShapes);
        // another seed draws other constants and inputs, never other splits
        for (GeneratedProblem problem : new ProblemGenerator(43).generate(Split.TRAIN, 0, 20_000)) {
            assertThat(heldOutShapes).doesNotContain(problem.composition().shape());
        }
    }

    @Test
    void aboutOneShapeInTenIsHeldOut() {
        SplittableRandom random = new SplittableRandom(1);
        Set<String> shapes = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            Composition composition = ProblemGenerator.drawComposition(random);
            if (composition != null) {
                shapes.add(composition.shape());
            }
        }
        long heldOut = shapes.stream().filter(shape -> Split.ofShape(shape) == Split.HELD_OUT).count();
        double fraction = heldOut / (double) shapes.size();
        System.out.printf("held-out fraction of %d distinct shapes drawn: %.3f%n", shapes.size(), fraction);
        assertThat(fraction).isBetween(0.07, 0.13);
    }

    @Test
    void theSplitDependsOnTheOperationsOnlyNotOnConstants() {
        Operation keepGreater = Operations.byId("keep_greater");
        Operation sum = Operations.byId("sum");
        Split first = new Composition(java.util.List.of(new Composition.Step(keepGreater, 3L),
                new Composition.Step(sum, Constant.NoValue.INSTANCE))).split();
        for (long k = 0; k <= 9; k++) {
            assertThat(new Composition(java.util.List.of(new Composition.Step(keepGreater, k),
                    new Composition.Step(sum, Constant.NoValue.INSTANCE))).split()).isEqualTo(first);
        }
    }
}
