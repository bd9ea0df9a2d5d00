package io.codesynth.diffusion.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecodingOptionsTest {

    @Test
    void defaultsAreDiffuCodersSettings() {
        DecodingOptions defaults = DecodingOptions.defaults();

        assertThat(defaults.algorithm()).isEqualTo(UnmaskingAlgorithm.ENTROPY);
        assertThat(defaults.maxNewTokens()).isEqualTo(256);
        assertThat(defaults.steps()).isEqualTo(256);
        assertThat(defaults.numberOfBlocks()).isEqualTo(1);
        assertThat(defaults.stepsPerBlock()).isEqualTo(256);
        assertThat(defaults.filtersVocabulary()).isTrue();
        assertThat(defaults.usesThreshold()).isFalse();
    }

    @Test
    void blocksSplitTheStepsEvenly() {
        DecodingOptions blocks = DecodingOptions.defaults().toBuilder().blockLength(32).steps(128).build();

        assertThat(blocks.numberOfBlocks()).isEqualTo(8);
        assertThat(blocks.stepsPerBlock()).isEqualTo(16);
        assertThat(blocks.blockSize()).isEqualTo(32);
    }

    @Test
    void everyViolationIsNamed() {
        assertThatThrownBy(() -> DecodingOptions.defaults().toBuilder().steps(0).temperature(-1).topP(0).topK(-2)
                .eps(1).threshold(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps: must be at least 1")
                .hasMessageContaining("temperature:")
                .hasMessageContaining("topP:")
                .hasMessageContaining("topK:")
                .hasMessageContaining("eps:")
                .hasMessageContaining("threshold:");
    }

    @Test
    void blockLengthMustDivideTheCanvasAndStepsTheBlocks() {
        DecodingOptions.Builder builder = DecodingOptions.defaults().toBuilder();

        assertThatThrownBy(() -> builder.blockLength(100).build()).hasMessageContaining("blockLength: must divide maxNewTokens (256)");
        assertThatThrownBy(() -> builder.blockLength(64).steps(6).build())
                .hasMessageContaining("steps: must be a multiple of the number of blocks (4)");
        // the step count does not matter with a threshold
        assertThat(builder.blockLength(64).steps(6).threshold(0.9).build().numberOfBlocks()).isEqualTo(4);
    }

    @Test
    void algorithmNamesAreDreams() {
        assertThat(UnmaskingAlgorithm.fromId("maskgit_plus")).isEqualTo(UnmaskingAlgorithm.MASKGIT_PLUS);
        assertThat(UnmaskingAlgorithm.fromId(" Entropy ")).isEqualTo(UnmaskingAlgorithm.ENTROPY);
        assertThatThrownBy(() -> UnmaskingAlgorithm.fromId("greedy"))
                .hasMessageContaining("origin, maskgit_plus, topk_margin, entropy");
    }

    @Test
    void sampleSeedsAreDistinctAndStable() {
        DecodingOptions options = DecodingOptions.defaults().toBuilder().seed(42).build();

        assertThat(IntStream.range(0, 1000).mapToLong(options::sampleSeed).distinct().count()).isEqualTo(1000);
        assertThat(options.sampleSeed(0)).isEqualTo(options.toBuilder().build().sampleSeed(0));
        assertThat(options.sampleSeed(0)).isNotEqualTo(options.toBuilder().seed(43).build().sampleSeed(0));
    }
}
