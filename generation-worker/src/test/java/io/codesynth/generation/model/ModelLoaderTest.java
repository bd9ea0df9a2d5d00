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
    void theRandomFallbackIsWrittenOnceAndOnlyWhenNoModelIsConfiguredAndNoneIsBundled() throws IOException {
        Path fallback = dir.resolve("fallback");
        Path bundled = dir.resolve("bundled");
        Path configured = dir.resolve("configured");
        BundledModel none = new BundledModel(getClass().getClassLoader(), "no/such/bundle/");

        assertThat(FallbackCheckpoint.resolve(configured, bundled, fallback, none)).isEqualTo(configured);
        assertThat(fallback).doesNotExist();

        assertThat(FallbackCheckpoint.resolve(null, bundled, fallback, none)).isEqualTo(fallback);
        assertThat(fallback.resolve("config.json")).isRegularFile();
        assertThat(RandomDreamCheckpoint.isRandom(fallback)).isTrue();
        assertThat(bundled).doesNotExist();
        var written = Files.getLastModifiedTime(fallback.resolve("model.safetensors"));

        assertThat(FallbackCheckpoint.resolve(null, bundled, fallback, none)).isEqualTo(fallback);
        assertThat(Files.getLastModifiedTime(fallback.resolve("model.safetensors"))).isEqualTo(written);
    }

    @Test
    void aBundledModelIsUnpackedOnceLoadsAndIsReplacedWhenTheBundleChanges() throws IOException {
        Path classes = dir.resolve("classes");
        Path bundleRoot = classes.resolve("test/bundle");
        RandomDreamCheckpoint.write(bundleRoot, RandomDreamCheckpoint.Dimensions.tiny(), 3);
        Files.writeString(bundleRoot.resolve("README.md"), "# version 1\n");
        Path target = dir.resolve("unpacked");
        Path random = dir.resolve("random");

        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {
            BundledModel bundle = new BundledModel(loader, "test/bundle/");
            assertThat(bundle.available()).isTrue();
            assertThat(FallbackCheckpoint.resolve(null, target, random, bundle)).isEqualTo(target);
            assertThat(random).doesNotExist();
            for (String file : BundledModel.FILES) {
                assertThat(target.resolve(file)).hasSameBinaryContentAs(bundleRoot.resolve(file));
            }
            try (LoadedModel model = ModelLoader.load(target, ModelSettings.defaults().withDevice(DeviceChoice.CPU))) {
                assertThat(model.parameters()).isEqualTo(39_200);
            }
            var unpacked = Files.getLastModifiedTime(target.resolve("model.safetensors"));

            assertThat(bundle.unpack(target)).isEqualTo(target);
            assertThat(Files.getLastModifiedTime(target.resolve("model.safetensors"))).isEqualTo(unpacked);

            Files.writeString(bundleRoot.resolve("README.md"), "# version 2\n");
            bundle.unpack(target);
            assertThat(target.resolve("README.md")).hasContent("# version 2");
            try (var leftovers = Files.list(dir)) {
                assertThat(leftovers.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder("classes", "unpacked");
            }
        }
    }

    @Test
    void aMissingBundleIsNamed() {
        BundledModel none = new BundledModel(getClass().getClassLoader(), "no/such/bundle/");
        assertThat(none.available()).isFalse();
        assertThatThrownBy(() -> none.unpack(dir.resolve("x"))).hasMessageContaining("no bundled model under no/such/bundle/");
    }

    @Test
    void dimensionsAreChecked() {
        assertThatThrownBy(() -> new RandomDreamCheckpoint.Dimensions(30, 1, 4, 2, 8, 64))
                .hasMessageContaining("hidden size must split into heads");
    }
}
