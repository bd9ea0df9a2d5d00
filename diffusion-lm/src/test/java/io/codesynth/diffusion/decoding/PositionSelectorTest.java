package io.codesynth.diffusion.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PositionSelectorTest {

    @Test
    void mostConfidentTakesTheHighestBestFirstLeftmostOnTies() {
        float[] confidence = {-0.5f, -0.1f, -2f, -0.1f, -0.3f};

        assertThat(PositionSelector.mostConfident(confidence, 3)).containsExactly(1, 3, 4);
        assertThat(PositionSelector.mostConfident(confidence, 0)).isEmpty();
        assertThatThrownBy(() -> PositionSelector.mostConfident(confidence, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thresholdKeepsTheBestPlusEveryPositionAtOrAboveIt() {
        float[] confidence = {-1f, -0.2f, -3f, -0.5f};
        float[] probability = {0.5f, 0.8f, 0.1f, 0.9f};

        // the best by confidence (1) is kept although 0.8 < 0.9; 3 reaches the threshold
        assertThat(PositionSelector.confidentOrAboveThreshold(confidence, probability, 0.9)).containsExactly(1, 3);
        assertThat(PositionSelector.confidentOrAboveThreshold(confidence, probability, 1.0)).containsExactly(1);
        assertThat(PositionSelector.confidentOrAboveThreshold(confidence, probability, 0.05)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void samplingWithoutReplacementFollowsSoftmaxOfConfidenceOverTemperature() {
        float[] confidence = {0f, (float) Math.log(3)}; // softmax at temperature 1: 0.25, 0.75
        SplittableRandom random = new SplittableRandom(1);
        int firstIsOne = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            int[] order = PositionSelector.sampleWithoutReplacement(confidence, 2, 1.0, random);
            assertThat(order).containsExactlyInAnyOrder(0, 1);
            if (order[0] == 1) {
                firstIsOne++;
            }
        }
        assertThat(firstIsOne / (double) draws).isBetween(0.73, 0.77);
    }

    @Test
    void aLowTemperatureDrawIsTheMostConfidentChoice() {
        float[] confidence = {-3f, -0.1f, -2f, -0.5f};

        int[] drawn = PositionSelector.sampleWithoutReplacement(confidence, 2, 1e-4, new SplittableRandom(7));

        assertThat(drawn).containsExactly(1, 3);
    }
}
