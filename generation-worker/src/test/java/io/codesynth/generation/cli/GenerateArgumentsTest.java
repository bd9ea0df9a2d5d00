package io.codesynth.generation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.diffusion.decoding.UnmaskingAlgorithm;
import io.codesynth.generation.model.DeviceChoice;
import io.codesynth.generation.prompt.PromptFormat;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenerateArgumentsTest {

    @Test
    void everyOptionIsRead() {
        GenerateArguments arguments = GenerateArguments.parse(new String[] {"generate", "--model", "models/demo",
                "--prompt", "def f():", "--samples", "8", "--alg", "maskgit_plus", "--steps", "32",
                "--max-new-tokens", "64", "--temperature", "0.2", "--top-p=0.9", "--top-k", "40",
                "--block-length", "16", "--threshold", "0.85", "--seed", "-7", "--format", "completion",
                "--device", "cpu", "--threads", "2"});

        assertThat(arguments.model()).isEqualTo(Path.of("models/demo"));
        assertThat(arguments.prompt()).contains("def f():");
        assertThat(arguments.promptsFile()).isEmpty();
        assertThat(arguments.samples()).isEqualTo(8);
        assertThat(arguments.options()).isEqualTo(new DecodingOptions(UnmaskingAlgorithm.MASKGIT_PLUS, 32, 64, 0.2,
                0.9, 40, 0.0, 1e-3, 16, 0.85, -7L));
        assertThat(arguments.format()).contains(PromptFormat.COMPLETION);
        assertThat(arguments.device()).isEqualTo(DeviceChoice.CPU);
        assertThat(arguments.threads()).isEqualTo(2);
    }

    @Test
    void defaultsAreDiffuCodersWithOneTokenPerStep() {
        GenerateArguments arguments = GenerateArguments.parse(
                new String[] {"--model", "m", "--prompts", "p.jsonl", "--max-new-tokens", "128"});

        assertThat(arguments.promptsFile()).contains(Path.of("p.jsonl"));
        assertThat(arguments.samples()).isEqualTo(1);
        assertThat(arguments.format()).isEmpty();
        assertThat(arguments.device()).isEqualTo(DeviceChoice.AUTO);
        assertThat(arguments.options()).isEqualTo(DecodingOptions.defaults().toBuilder()
                .maxNewTokens(128).steps(128).build());
    }

    @Test
    void autoFormatMeansDetect() {
        assertThat(GenerateArguments.parse(new String[] {"--model", "m", "--prompt", "x", "--format", "auto"}).format())
                .isEqualTo(Optional.empty());
    }

    @Test
    void mistakesAreNamed() {
        assertUsage("the model is required", "option --model is required", "--prompt", "x");
        assertUsage("exactly one prompt source", "give exactly one of --prompt and --prompts", "--model", "m");
        assertUsage("both prompt sources", "give exactly one of --prompt and --prompts", "--model", "m", "--prompt", "x",
                "--prompts", "f");
        assertUsage("unknown option", "unknown option --temp", "--model", "m", "--prompt", "x", "--temp", "1");
        assertUsage("missing value", "option --samples needs a value", "--model", "m", "--prompt", "x", "--samples");
        assertUsage("not a number", "option --samples needs a whole number, got 'many'", "--model", "m", "--prompt", "x",
                "--samples", "many");
        assertUsage("bad algorithm", "option --alg: unknown unmasking algorithm 'fast'", "--model", "m", "--prompt", "x",
                "--alg", "fast");
        assertUsage("repeated option", "option --seed given more than once", "--model", "m", "--prompt", "x", "--seed",
                "1", "--seed", "2");
        assertUsage("stray word", "unexpected argument 'extra'", "--model", "m", "--prompt", "x", "extra");
        assertUsage("decoder rejects", "blockLength: must divide maxNewTokens", "--model", "m", "--prompt", "x",
                "--max-new-tokens", "64", "--block-length", "48");
        assertUsage("no samples", "option --samples must be at least 1", "--model", "m", "--prompt", "x", "--samples",
                "0");
    }

    private static void assertUsage(String description, String message, String... args) {
        assertThatThrownBy(() -> GenerateArguments.parse(args)).as(description)
                .isInstanceOf(UsageException.class).hasMessageContaining(message);
    }
}
