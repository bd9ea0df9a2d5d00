package io.codesynth.generation.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.DecodingAlgorithm;
import io.codesynth.contracts.DecodingSettings;
import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.diffusion.decoding.UnmaskingAlgorithm;
import org.junit.jupiter.api.Test;

class DecodingSettingsMapperTest {

    @Test
    void mapsEverySetting() {
        DecodingSettings settings = new DecodingSettings(DecodingAlgorithm.TOPK_MARGIN, 64, 128, 0.7, 0.9, 20, 0.5,
                0.01, 32, 0.85, 99L);

        DecodingOptions options = DecodingSettingsMapper.toOptions(settings, 1234L);

        assertThat(options).isEqualTo(new DecodingOptions(UnmaskingAlgorithm.TOPK_MARGIN, 64, 128, 0.7, 0.9, 20, 0.5,
                0.01, 32, 0.85, 1234L));
    }

    @Test
    void mapsEachAlgorithmByName() {
        for (DecodingAlgorithm algorithm : DecodingAlgorithm.values()) {
            DecodingSettings settings = new DecodingSettings(algorithm, 256, 256, 0.4, 0.95, null, 0, 1e-3, null, null,
                    null);
            assertThat(DecodingSettingsMapper.toOptions(settings, 0).algorithm().id()).isEqualTo(algorithm.id());
        }
    }

    @Test
    void theTaskSeedSeedsTheSamplesNotTheJobSeed() {
        DecodingSettings settings = DecodingSettings.defaults();
        DecodingOptions first = DecodingSettingsMapper.toOptions(settings, 7L);
        DecodingOptions again = DecodingSettingsMapper.toOptions(settings, 7L);
        DecodingOptions other = DecodingSettingsMapper.toOptions(settings, 8L);

        assertThat(first.seed()).isEqualTo(7L);
        assertThat(first.sampleSeed(3)).isEqualTo(again.sampleSeed(3));
        assertThat(first.sampleSeed(0)).isNotEqualTo(first.sampleSeed(1));
        assertThat(first.sampleSeed(0)).isNotEqualTo(other.sampleSeed(0));
    }

    @Test
    void defaultsMapToTheDecodersDefaults() {
        assertThat(DecodingSettingsMapper.toOptions(DecodingSettings.defaults(), 0L))
                .isEqualTo(DecodingOptions.defaults());
    }

    @Test
    void settingsOutOfRangeAreRejectedWithEveryReason() {
        DecodingSettings settings = new DecodingSettings(DecodingAlgorithm.ENTROPY, 0, 256, 3.0, 0.95, null, 0, 1e-3,
                null, null, null);

        assertThatThrownBy(() -> DecodingSettingsMapper.toOptions(settings, 0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("invalid decoding settings: ")
                .hasMessageContaining("steps: must be between 1 and")
                .hasMessageContaining("temperature: must be between 0 and 2");
    }

    @Test
    void blockLengthMustDivideTheCanvas() {
        DecodingSettings settings = new DecodingSettings(DecodingAlgorithm.ENTROPY, 256, 256, 0.4, 0.95, null, 0, 1e-3,
                100, null, null);

        assertThatThrownBy(() -> DecodingSettingsMapper.toOptions(settings, 0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("blockLength: must divide maxNewTokens");
    }
}
