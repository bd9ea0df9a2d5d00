package io.codesynth.demomodel.training;

import static io.codesynth.demomodel.training.DiffusionLossTest.EXAMPLES;
import static io.codesynth.demomodel.training.DiffusionLossTest.MASK;
import static io.codesynth.demomodel.training.DiffusionLossTest.PAD;
import static io.codesynth.demomodel.training.DiffusionLossTest.TINY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingStepTest {

    static final LearningRateSchedule SCHEDULE = new LearningRateSchedule(1e-2, 1e-3, 0, 100);

    // every completion token masked at t = 1: a fixed batch with the most signal
    static final DiffusionBatch FIXED = DiffusionBatch.of(EXAMPLES, new double[] {1, 1},
            new boolean[][] {{true, true, true, true}, {true, true}}, MASK, PAD);

    @Test
    void oneStepLowersTheLossOnAFixedBatchAndAFewLowerItFurther() {
        try (TrainableDream model = TrainableDream.initialise(TINY, 1);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), SCHEDULE)) {
            double before = step.evaluate(FIXED);
            TrainingStep.Result first = step.run(FIXED);
            double afterOne = step.evaluate(FIXED);
            for (int i = 0; i < 9; i++) {
                step.run(FIXED);
            }
            double afterTen = step.evaluate(FIXED);
            System.out.printf("loss on the fixed batch: %.4f -> %.4f after one step -> %.4f after ten (gradient norm %.3f)%n",
                    before, afterOne, afterTen, first.gradientNorm());

            assertThat(first.loss()).isEqualTo(before, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(first.gradientNorm()).isPositive();
            assertThat(afterOne).isLessThan(before);
            assertThat(afterTen).isLessThan(afterOne).isLessThan(before * 0.8);
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (TrainableDream model = TrainableDream.initialise(TINY, 4);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), SCHEDULE)) {
            var manager = model.parameters().get("model.norm.weight").getManager();
            step.run(FIXED);
            step.evaluate(FIXED);
            int afterFirst = manager.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                step.run(FIXED);
                step.evaluate(FIXED);
            }
            // a leak of a few parameter-sized arrays per step ran a 4M-parameter model out of 24 GiB in 300 steps
            assertThat(manager.getManagedArrays()).hasSize(afterFirst);
        }
    }

    @Test
    void sameSeedsGiveTheSameTrainingRun() {
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            SplittableRandom masking = new SplittableRandom(5);
            try (TrainableDream model = TrainableDream.initialise(TINY, 2);
                    TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), SCHEDULE)) {
                for (int i = 0; i < 3; i++) {
                    step.run(DiffusionBatch.sample(EXAMPLES, MASK, PAD, masking));
                }
                losses[run] = step.evaluate(FIXED);
            }
        }
        assertThat(losses[1]).isEqualTo(losses[0]);
    }

    @Test
    void clippingBoundsTheUpdateAndWeightDecaySparesNormsAndBiases() {
        // with the learning rate at zero nothing moves, whatever the gradient
        LearningRateSchedule zero = new LearningRateSchedule(1e-12, 0, 0, 2);
        try (TrainableDream model = TrainableDream.initialise(TINY, 3);
                TrainingStep step = new TrainingStep(model, new AdamW.Settings(0.9, 0.95, 1e-8, 0.5, 1e-3), zero)) {
            float[] before = model.parameters().get("model.norm.weight").toFloatArray();
            TrainingStep.Result result = step.run(FIXED);
            assertThat(result.gradientNorm()).isGreaterThan(1e-3); // so clipping was active
            assertThat(model.parameters().get("model.norm.weight").toFloatArray())
                    .containsExactly(before, org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void aReplacementScheduleMustReachPastTheStepsAlreadyTaken() {
        try (TrainableDream model = TrainableDream.initialise(TINY, 3);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), new LearningRateSchedule(1e-2, 0, 0, 10))) {
            step.run(FIXED);
            step.run(FIXED);
            assertThatThrownBy(() -> step.reschedule(new LearningRateSchedule(1e-2, 0, 0, 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot follow step 2");
            LearningRateSchedule longer = new LearningRateSchedule(5e-3, 0, 0, 20);
            step.reschedule(longer);
            assertThat(step.schedule()).isEqualTo(longer);
            assertThat(step.run(FIXED).learningRate()).isEqualTo(longer.at(3));
        }
    }
}
