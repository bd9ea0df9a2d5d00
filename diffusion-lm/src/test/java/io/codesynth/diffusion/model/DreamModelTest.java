package io.codesynth.diffusion.model;

import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.ENDOFTEXT;
import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.MASK;
import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.VOCAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.codesynth.diffusion.testing.FloatArrays;
import io.codesynth.diffusion.testing.TinyDreamCheckpoint;
import io.codesynth.diffusion.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Dream forward pass on a tiny random checkpoint written by the test, loaded like a real one. */
class DreamModelTest {

    @TempDir
    static Path tmp;

    private static Path checkpoint;
    private static DreamModel model;
    private static NDManager manager;

    @BeforeAll
    static void writeAndLoad() {
        checkpoint = TinyDreamCheckpoint.write(tmp.resolve("tiny-dream"));
        model = DreamModel.load(checkpoint, ModelOptions.defaults().withDevice(Device.cpu()));
        manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE);
    }

    @AfterAll
    static void close() {
        manager.close();
        model.close();
    }

    @Test
    void loadsDreamCheckpointWithShiftedBidirectionalDefaults() {
        assertThat(model.config().modelType()).isEqualTo("dream");
        assertThat(model.config().shiftLogits()).isTrue();
        assertThat(model.config().maskTokenId()).isEqualTo(MASK);
        assertThat(model.options().causal()).isFalse();
        assertThat(model.dtype()).isEqualTo(DataType.FLOAT32);
        assertThat(model.device()).isEqualTo(Device.cpu());
    }

    @Test
    void leftPaddedBatchGivesFiniteLogitsEverywhere() {
        long[][] ids = {
            {ENDOFTEXT, ENDOFTEXT, ENDOFTEXT, 5, 6, MASK, MASK},
            {7, 8, 9, 10, MASK, MASK, MASK},
            {ENDOFTEXT, ENDOFTEXT, ENDOFTEXT, ENDOFTEXT, ENDOFTEXT, ENDOFTEXT, ENDOFTEXT},
        };
        long[][] mask = {{0, 0, 0, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 0}};
        float[] logits = forward(model, ids, mask);
        assertThat(logits).hasSize(3 * 7 * VOCAB);
        assertThat(FloatArrays.firstNonFinite(logits)).as("first non-finite logit").isEqualTo(-1);
    }

    @Test
    void paddedRowScoresItsTokensAsItWouldAlone() {
        long[][] alone = {{11, 12, 13, MASK, MASK}};
        long[][] batch = {{ENDOFTEXT, ENDOFTEXT, ENDOFTEXT, 11, 12, 13, MASK, MASK}, {1, 2, 3, 4, 5, 6, MASK, MASK}};
        long[][] mask = {{0, 0, 0, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 1}};
        float[] single = forward(model, alone, null);
        float[] batched = forward(model, batch, mask);
        for (int position = 0; position < 5; position++) {
            for (int v = 0; v < VOCAB; v++) {
                assertThat(batched[(3 + position) * VOCAB + v])
                        .isCloseTo(single[position * VOCAB + v], within(1e-5f));
            }
        }
    }

    @Test
    void logitShiftRealignsByOnePosition() throws IOException {
        Path unshifted = tmp.resolve("tiny-unshifted");
        Files.createDirectories(unshifted);
        Files.copy(checkpoint.resolve("model.safetensors"), unshifted.resolve("model.safetensors"));
        Files.writeString(unshifted.resolve("config.json"), TinyDreamCheckpoint.configJson("qwen2"));
        long[][] ids = {{3, 14, 15, 92, MASK, MASK}};
        float[] shifted = forward(model, ids, null);
        float[] raw;
        try (DreamModel plain = DreamModel.load(unshifted, ModelOptions.defaults().withDevice(Device.cpu()))) {
            assertThat(plain.config().shiftLogits()).isFalse();
            raw = forward(plain, ids, null);
        }
        // row i of Dream's output is row i - 1 of the raw output; row 0 repeats raw row 0
        assertRowEquals(shifted, 0, raw, 0);
        for (int i = 1; i < ids[0].length; i++) {
            assertRowEquals(shifted, i, raw, i - 1);
        }
    }

    @Test
    void logitsAtSomePositionsAreThoseRowsOfTheWholeForwardPass() {
        long[][] ids = {{ENDOFTEXT, ENDOFTEXT, 5, 6, MASK, MASK}, {7, 8, 9, MASK, MASK, MASK}};
        long[][] mask = {{0, 0, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}};
        long[] positions = {4, 5, 9, 10, 11, 2, 6};
        float[] all = forward(model, ids, mask);
        try (NDManager call = manager.newSubManager()) {
            NDArray some = model.logitsAt(call, call.create(ids), call.create(mask), positions);

            assertThat(some.getShape()).isEqualTo(new Shape(positions.length, VOCAB));
            float[] values = some.toFloatArray();
            for (int i = 0; i < positions.length; i++) {
                for (int v = 0; v < VOCAB; v++) {
                    assertThat(values[i * VOCAB + v]).as("position %d, id %d", positions[i], v)
                            .isCloseTo(all[(int) positions[i] * VOCAB + v], within(1e-5f));
                }
            }
            assertThatThrownBy(() -> model.logitsAt(call, call.create(ids), call.create(mask), new long[] {12}))
                    .hasMessageContaining("position 12 is outside the canvas of 2 x 6");
        }
    }

    @Test
    void bidirectionalAttentionSeesLaterTokensAndCausalDoesNot() {
        long[][] first = {{20, 21, 22, 23}};
        long[][] laterChanged = {{20, 21, 22, 99}};
        // with the shift, row 1 holds raw row 0, the output at the first token
        float[] a = forward(model, first, null);
        float[] b = forward(model, laterChanged, null);
        assertThat(maxDiffInRow(a, b, 1)).isGreaterThan(1e-4f);
        try (DreamModel causal = DreamModel.load(checkpoint, ModelOptions.defaults().withDevice(Device.cpu()).withCausal(true))) {
            float[] c = forward(causal, first, null);
            float[] d = forward(causal, laterChanged, null);
            assertThat(maxDiffInRow(c, d, 1)).isLessThan(1e-6f);
        }
    }

    @Test
    void float16ComputeStaysCloseToFloat32() {
        long[][] ids = {{ENDOFTEXT, 30, 31, 32, MASK, MASK}};
        long[][] mask = {{0, 1, 1, 1, 1, 1}};
        float[] reference = forward(model, ids, mask);
        try (DreamModel half = DreamModel.load(checkpoint,
                ModelOptions.defaults().withDevice(Device.cpu()).withDtype(DataType.FLOAT16))) {
            float[] logits = forward(half, ids, mask);
            for (int i = VOCAB; i < logits.length; i++) {
                assertThat(Math.abs(logits[i] - reference[i])).isLessThan(0.05f);
            }
        }
    }

    @Test
    void misshapenTensorIsNamedWithExpectedAndFoundShape() {
        Path broken = TinyDreamCheckpoint.write(tmp.resolve("misshapen"), 7, tensors -> {
            tensors.put("model.layers.1.self_attn.k_proj.weight",
                    TinyDreamCheckpoint.randomTensor(new SplittableRandom(1), 0.1f, 0f, 32, 32));
            return tensors;
        });
        assertThatThrownBy(() -> DreamModel.load(broken, ModelOptions.defaults().withDevice(Device.cpu())))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("model.layers.1.self_attn.k_proj.weight")
                .hasMessageContaining("has shape (32, 32)")
                .hasMessageContaining("expects (16, 32)");
    }

    @Test
    void missingTensorIsNamedWithTheFilesSearched() {
        Path broken = TinyDreamCheckpoint.write(tmp.resolve("missing"), 7, tensors -> {
            tensors.remove("lm_head.weight");
            return tensors;
        });
        assertThatThrownBy(() -> DreamModel.load(broken, ModelOptions.defaults().withDevice(Device.cpu())))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("lm_head.weight not found")
                .hasMessageContaining("model.safetensors");
    }

    @Test
    void idOutsideTheVocabularyIsRejectedClearly() {
        assertThatThrownBy(() -> forward(model, new long[][] {{1, VOCAB}}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token id " + VOCAB + " at row 0, position 1");
    }

    @Test
    void forwardTimeOfTheTinyModel() {
        long[][] ids = new long[4][64];
        for (long[] row : ids) {
            Arrays.fill(row, MASK);
        }
        for (int warmup = 0; warmup < 3; warmup++) {
            forward(model, ids, null);
        }
        int runs = 20;
        long started = System.nanoTime();
        for (int run = 0; run < runs; run++) {
            forward(model, ids, null);
        }
        double ms = (System.nanoTime() - started) / 1e6 / runs;
        System.out.printf("tiny Dream (%d layers, hidden %d, vocab %d): %.2f ms per forward of 4 x 64 tokens on CPU%n",
                TinyDreamCheckpoint.LAYERS, TinyDreamCheckpoint.HIDDEN, VOCAB, ms);
        assertThat(ms).isPositive();
    }

    private static float[] forward(DreamModel dream, long[][] ids, long[][] mask) {
        try (NDManager call = manager.newSubManager()) {
            NDArray idArray = call.create(ids);
            NDArray maskArray = mask == null ? null : call.create(mask);
            NDArray logits = dream.forward(call, idArray, maskArray);
            assertThat(logits.getShape()).isEqualTo(new Shape(ids.length, ids[0].length, VOCAB));
            assertThat(logits.getDataType()).isEqualTo(DataType.FLOAT32);
            return logits.toFloatArray();
        }
    }

    private static void assertRowEquals(float[] actual, int actualRow, float[] expected, int expectedRow) {
        for (int v = 0; v < VOCAB; v++) {
            assertThat(actual[actualRow * VOCAB + v]).as("row %d vs %d, id %d", actualRow, expectedRow, v)
                    .isCloseTo(expected[expectedRow * VOCAB + v], within(1e-5f));
        }
    }

    private static float maxDiffInRow(float[] a, float[] b, int row) {
        float worst = 0;
        for (int v = 0; v < VOCAB; v++) {
            worst = Math.max(worst, Math.abs(a[row * VOCAB + v] - b[row * VOCAB + v]));
        }
        return worst;
    }
}
