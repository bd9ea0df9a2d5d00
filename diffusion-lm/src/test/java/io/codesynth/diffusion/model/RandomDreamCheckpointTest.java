package io.codesynth.diffusion.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Tensor;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint writer: random checkpoints and checkpoints with given weights load like real ones. */
class RandomDreamCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void aRandomCheckpointLoadsAndIsMarkedRandom() {
        Dimensions dimensions = Dimensions.tiny().withMaxPositions(128);
        Path dir = RandomDreamCheckpoint.write(tmp.resolve("random"), dimensions, 1);

        assertThat(RandomDreamCheckpoint.isRandom(dir)).isTrue();
        try (DreamModel model = DreamModel.load(dir, ModelOptions.defaults().withDevice(Device.cpu()));
                ModelTokenizer tokenizer = ModelTokenizer.load(dir)) {
            assertThat(model.config().maxPositionEmbeddings()).isEqualTo(128);
            assertThat(model.config().maskTokenId()).isEqualTo(RandomDreamCheckpoint.MASK);
            assertThat(tokenizer.idCount()).isEqualTo(RandomDreamCheckpoint.TOKENIZER_IDS);
        }
    }

    @Test
    void theSameSeedWritesTheSameWeights() throws IOException {
        Path first = RandomDreamCheckpoint.write(tmp.resolve("a"), Dimensions.tiny(), 9);
        Path second = RandomDreamCheckpoint.write(tmp.resolve("b"), Dimensions.tiny(), 9);

        assertThat(Files.mismatch(first.resolve("model.safetensors"), second.resolve("model.safetensors")))
                .isEqualTo(-1);
    }

    @Test
    void givenWeightsAreWrittenWithoutTheRandomMarker() {
        Dimensions dimensions = new Dimensions(16, 1, 2, 1, 24, 64);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        RandomDreamCheckpoint.tensorShapes(dimensions).forEach((name, shape) -> weights.put(name,
                new Tensor(shape, new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))])));

        Path dir = RandomDreamCheckpoint.writeCheckpoint(tmp.resolve("given"), dimensions, weights);

        assertThat(RandomDreamCheckpoint.isRandom(dir)).isFalse();
        try (DreamModel model = DreamModel.load(dir, ModelOptions.defaults().withDevice(Device.cpu()))) {
            assertThat(model.config().hiddenSize()).isEqualTo(16);
            assertThat(model.config().numHiddenLayers()).isEqualTo(1);
        }
    }

    @Test
    void shapesThatDoNotSplitIntoHeadsAreRefused() {
        assertThatThrownBy(() -> new Dimensions(30, 1, 4, 2, 8, 64)).hasMessageContaining("heads of even width");
        assertThatThrownBy(() -> new Tensor(new long[] {2, 3}, new float[5]))
                .hasMessageContaining("needs 6 values, got 5");
    }
}
