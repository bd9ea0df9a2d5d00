package io.codesynth.generation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.diffusion.decoding.UnmaskingAlgorithm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgumentsTest {

    @Test
    void defaultsAndCommandWords() {
        BenchArguments arguments = BenchArguments.parse(new String[] {"bench", "decode", "--model", "m"});

        assertThat(arguments.model()).isEqualTo(Path.of("m"));
        assertThat(arguments.maxNewTokens()).isEqualTo(64);
        assertThat(arguments.steps()).isEqualTo(64);
        assertThat(arguments.threshold()).isEqualTo(0.9);
        assertThat(arguments.blockLength()).isEmpty();
        assertThat(arguments.prompt()).isEmpty();
    }

    @Test
    void theTwoModesShareEverythingButTheStopRule() {
        BenchArguments arguments = BenchArguments.parse(new String[] {"--model", "m", "--max-new-tokens", "128",
                "--steps", "64", "--threshold", "0.8", "--block-length", "32"});

        List<DecodeBenchmark.Mode> modes = DecodeBenchmark.modes(arguments);

        assertThat(modes).extracting(DecodeBenchmark.Mode::name)
                .containsExactly("entropy, 64 steps", "entropy, threshold 0.8");
        assertThat(modes.get(0).options().algorithm()).isEqualTo(UnmaskingAlgorithm.ENTROPY);
        assertThat(modes.get(0).options().threshold()).isNull();
        assertThat(modes.get(1).options().threshold()).isEqualTo(0.8);
        assertThat(modes).allSatisfy(mode -> {
            assertThat(mode.options().maxNewTokens()).isEqualTo(128);
            assertThat(mode.options().blockLength()).isEqualTo(32);
        });
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"bench", "decode"}))
                .isInstanceOf(UsageException.class).hasMessage("option --model is required");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--model", "m", "--threshold", "1.5"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--threshold must be in (0, 1]");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--model", "m", "--steps", "5", "--block-length", "32"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("steps: must be a multiple of the number of blocks");
        assertThatThrownBy(() -> BenchArguments.parse(new String[] {"--model", "m", "--samples", "4"}))
                .isInstanceOf(UsageException.class).hasMessage("unknown option --samples");
    }
}
