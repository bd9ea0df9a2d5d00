package io.codesynth.demomodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.codesynth.demomodel.TrainingExample;
import io.codesynth.diffusion.model.ComputeDevices;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiffusionLossTest {

    static final int VOCAB = 16;
    static final int MASK = 14;
    static final int PAD = 15;
    static final DemoArchitecture TINY = new DemoArchitecture(new Dimensions(16, 2, 4, 2, 32, 64), VOCAB, MASK, PAD);

    // prompt [1 2 3] completion [4 5 6 PAD]; prompt [7 8] completion [9 PAD]
    static final List<TrainingExample> EXAMPLES = List.of(
            new TrainingExample("a", new long[] {1, 2, 3}, new long[] {4, 5, 6, PAD}),
            new TrainingExample("b", new long[] {7, 8}, new long[] {9, PAD}));

    @Test
    void lossOnAHandBuiltBatchIsTheWeightedCrossEntropyOfTheMaskedCompletionTokens() {
        double[] noise = {0.5, 0.25};
        boolean[][] masked = {{true, false, true, false}, {false, true}};
        DiffusionBatch batch = DiffusionBatch.of(EXAMPLES, noise, masked, MASK, PAD);

        // layout: right-padded rows of length 7, masked completion tokens replaced, prompt untouched
        assertThat(batch.length()).isEqualTo(7);
        assertThat(batch.ids()).containsExactly(1, 2, 3, MASK, 5, MASK, PAD, 7, 8, 9, MASK, PAD, PAD, PAD);
        assertThat(batch.valid()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0);
        assertThat(batch.completionTokens()).isEqualTo(6);

        try (TrainableDream model = TrainableDream.initialise(TINY, 7);
                NDManager manager = NDManager.newBaseManager(ComputeDevices.ENGINE)) {
            NDArray[] inputs = DiffusionLoss.inputs(manager, batch);
            float[] logits = model.forward(manager, inputs[0], inputs[1]).toFloatArray();
            double loss = DiffusionLoss.loss(manager, model, batch).getFloat();

            // by hand: (CE(row 0, pos 3 -> 4) / 0.5 + CE(row 0, pos 5 -> 6) / 0.5 + CE(row 1, pos 3 -> PAD) / 0.25) / 6
            double expected = (crossEntropy(logits, 0, 3, 4, batch.length()) / 0.5
                    + crossEntropy(logits, 0, 5, 6, batch.length()) / 0.5
                    + crossEntropy(logits, 1, 3, PAD, batch.length()) / 0.25) / 6;
            assertThat(loss).isCloseTo(expected, within(1e-5));
            assertThat(expected).isGreaterThan(0);
        }
    }

    /** -log softmax(logits[row, position])[target], in doubles. */
    static double crossEntropy(float[] logits, int row, int position, int target, int length) {
        int base = (row * length + position) * VOCAB;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < VOCAB; v++) {
            max = Math.max(max, logits[base + v]);
        }
        double sum = 0;
        for (int v = 0; v < VOCAB; v++) {
            sum += Math.exp(logits[base + v] - max);
        }
        return -(logits[base + target] - max - Math.log(sum));
    }

    @Test
    void samplingNeverMasksThePromptAndMasksAboutAFractionTOfTheCompletion() {
        TrainingExample example = new TrainingExample("long", new long[] {1, 2, 3, 4, 5}, new long[2000]);
        SplittableRandom random = new SplittableRandom(3);
        double maskedFraction = 0;
        for (int draw = 0; draw < 50; draw++) {
            DiffusionBatch batch = DiffusionBatch.sample(List.of(example), MASK, PAD, random);
            assertThat(java.util.Arrays.copyOf(batch.ids(), 5)).containsExactly(1, 2, 3, 4, 5);
            int masked = 0;
            double weight = 0;
            for (int i = 5; i < batch.length(); i++) {
                if (batch.ids()[i] == MASK) {
                    masked++;
                    weight = batch.weights()[i];
                } else {
                    assertThat(batch.weights()[i]).isZero();
                }
            }
            double fraction = masked / 2000.0;
            if (masked > 0) {
                // weight = 1 / (t * completion tokens), and the masked fraction estimates t
                double t = 1 / (weight * 2000);
                assertThat(fraction).isCloseTo(t, within(0.05));
                assertThat(t).isBetween(DiffusionBatch.EPS, 1.0);
            }
            maskedFraction += fraction / 50;
        }
        assertThat(maskedFraction).isCloseTo(0.5, within(0.15));
    }

    @Test
    void sameSeedSameBatch() {
        DiffusionBatch first = DiffusionBatch.sample(EXAMPLES, MASK, PAD, new SplittableRandom(11));
        DiffusionBatch second = DiffusionBatch.sample(EXAMPLES, MASK, PAD, new SplittableRandom(11));
        assertThat(first.ids()).containsExactly(second.ids());
        assertThat(first.weights()).containsExactly(second.weights());
    }

    @Test
    void warmUpIsLinearAndCosineDecayEndsAtTheFloor() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 1e-4, 10, 110);
        assertThat(schedule.at(1)).isCloseTo(1e-4, within(1e-12));
        assertThat(schedule.at(5)).isCloseTo(5e-4, within(1e-12));
        assertThat(schedule.at(10)).isCloseTo(1e-3, within(1e-12));
        assertThat(schedule.at(60)).isCloseTo(5.5e-4, within(1e-12));
        assertThat(schedule.at(110)).isCloseTo(1e-4, within(1e-12));
        assertThat(schedule.at(500)).isCloseTo(1e-4, within(1e-12));
    }
}
