package io.codesynth.generation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.generation.prompt.PromptFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsARandomCheckpointThroughTheRealCode() {
        Path checkpoint = RandomDreamCheckpoint.write(dir.resolve("tiny-random"),
                RandomDreamCheckpoint.Dimensions.tiny(), 1);

        try (LoadedModel model = ModelLoader.load(checkpoint, ModelSettings.defaults().withDevice(DeviceChoice.CPU))) {
            assertThat(model.info().name()).isEqualTo("tiny-random");
            assertThat(model.info().device()).isEqualTo("cpu");
            assertThat(model.info().dtype()).isEqualTo("float32");
            assertThat(model.parameters()).isEqualTo(39_200);
            assertThat(model.randomWeights()).isTrue();
            assertThat(model.contextLength()).isEqualTo(4096);
            // the tokenizer has <|im_start|>: the instruct template is the default
            assertThat(model.prompts().format()).isEqualTo(PromptFormat.INSTRUCT);
            assertThat(model.encode("<|im_start|>")).containsExactly(RandomDreamCheckpoint.IM_START);
            assertThat(model.encode("def")).hasSize(1);
        }
    }

    @Test
    void thePromptFormatCanBeForced() {
        Path checkpoint = RandomDreamCheckpoint.write(dir.resolve("m"), RandomDreamCheckpoint.Dimensions.tiny(), 1);
        ModelSettings settings = ModelSettings.defaults().withDevice(DeviceChoice.CPU)
                .withPromptFormat(Optional.of(PromptFormat.COMPLETION));

        try (LoadedModel model = ModelLoader.load(checkpoint, settings)) {
            assertThat(model.prompts().format()).isEqualTo(PromptFormat.COMPLETION);
        }
    }

    @Test
    void aDirectoryThatIsNoCheckpointIsNamed() throws IOException {
        assertThatThrownBy(() -> ModelLoader.load(dir.resolve("missing"), ModelSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing does not exist");
        Files.writeString(dir.resolve("README.md"), "not a model");
        assertThatThrownBy(() -> ModelLoader.load(dir, ModelSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no config.json");
    }

    @Test
    void theFallbackIsWrittenOnceAndOnlyWhenNoModelIsConfigured() throws IOException {
        Path fallback = dir.resolve("fallback");
        Path configured = dir.resolve("configured");

        assertThat(FallbackCheckpoint.resolve(configured, fallback)).isEqualTo(configured);
        assertThat(fallback).doesNotExist();

        assertThat(FallbackCheckpoint.resolve(null, fallback)).isEqualTo(fallback);
        assertThat(fallback.resolve("config.json")).isRegularFile();
        assertThat(RandomDreamCheckpoint.isRandom(fallback)).isTrue();
        var written = Files.getLastModifiedTime(fallback.resolve("model.safetensors"));

        assertThat(FallbackCheckpoint.resolve(null, fallback)).isEqualTo(fallback);
        assertThat(Files.getLastModifiedTime(fallback.resolve("model.safetensors"))).isEqualTo(written);
    }

    @Test
    void dimensionsAreChecked() {
        assertThatThrownBy(() -> new RandomDreamCheckpoint.Dimensions(30, 1, 4, 2, 8, 64))
                .hasMessageContaining("hidden size must split into heads");
    }
}
