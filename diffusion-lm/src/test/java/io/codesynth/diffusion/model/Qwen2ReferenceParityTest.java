package io.codesynth.diffusion.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.codesynth.diffusion.testing.FloatArrays;
import io.codesynth.diffusion.testing.TestData;
import io.codesynth.diffusion.weights.SafetensorsCheckpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our forward pass against logits Hugging Face transformers computed for tiny random Qwen2 checkpoints
 * (testdata/qwen2-reference, see its README). Qwen2 is autoregressive: causal mode, no logit shift.
 */
class Qwen2ReferenceParityTest {

    /** fp32 on both sides; only the order of floating-point operations differs. */
    private static final float TOLERANCE = 1e-4f;

    private static final Path REFERENCE = TestData.qwen2Reference();

    private static SafetensorsCheckpoint expected;
    private static NDManager manager;

    @BeforeAll
    static void openReference() {
        expected = SafetensorsCheckpoint.open(REFERENCE.resolve("reference-logits.safetensors"));
        manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE);
    }

    @AfterAll
    static void close() {
        manager.close();
        expected.close();
    }

    @Test
    void f32CheckpointMatchesTransformersCausalLogits() {
        try (DreamModel model = load("qwen2-tiny-f32", true)) {
            assertThat(model.config().shiftLogits()).isFalse();
            float[] logits = forward(model, "causal.input_ids", null);
            assertClose("f32 causal", logits, expected.readFloats("causal.logits"), null);
        }
    }

    @Test
    void f32CheckpointMatchesTransformersOnLeftPaddedBatch() {
        try (DreamModel model = load("qwen2-tiny-f32", true)) {
            float[] logits = forward(model, "causal_padded.input_ids", "causal_padded.attention_mask");
            assertClose("f32 causal, left-padded", logits, expected.readFloats("causal_padded.logits"), expected.readLongs("causal_padded.attention_mask"));
        }
    }

    @Test
    void shardedBf16CheckpointMatchesTransformersOnWidenedWeights() {
        try (DreamModel model = load("qwen2-tiny-bf16-sharded", true)) {
            float[] logits = forward(model, "causal.input_ids", null);
            assertClose("bf16 sharded causal", logits, expected.readFloats("causal_bf16.logits"), null);
        }
    }

    @Test
    void bidirectionalAttentionMatchesTransformersWithDreamMask() {
        try (DreamModel model = load("qwen2-tiny-f32", false)) {
            float[] logits = forward(model, "causal_padded.input_ids", "causal_padded.attention_mask");
            assertThat(FloatArrays.firstNonFinite(logits)).as("first non-finite logit").isEqualTo(-1);
            assertClose("f32 bidirectional, left-padded", logits, expected.readFloats("bidirectional_padded.logits"), expected.readLongs("causal_padded.attention_mask"));
        }
    }

    private static DreamModel load(String checkpoint, boolean causal) {
        return DreamModel.load(REFERENCE.resolve(checkpoint),
                ModelOptions.defaults().withDevice(Device.cpu()).withCausal(causal));
    }

    private float[] forward(DreamModel model, String idsName, String maskName) {
        long[] shape = expected.info(idsName).shape();
        try (NDManager call = manager.newSubManager()) {
            NDArray ids = call.create(expected.readLongs(idsName), new Shape(shape));
            NDArray mask = maskName == null ? null : call.create(expected.readLongs(maskName), new Shape(shape));
            NDArray logits = model.forward(call, ids, mask);
            assertThat(logits.getShape()).isEqualTo(new Shape(shape[0], shape[1], model.config().vocabSize()));
            return logits.toFloatArray();
        }
    }

    /** Compares every row whose mask is 1 (all rows when {@code mask} is null); pad rows are unspecified. */
    private static void assertClose(String what, float[] actual, float[] reference, long[] mask) {
        assertThat(actual).hasSameSizeAs(reference);
        int positions = mask == null ? 1 : mask.length;
        int vocab = mask == null ? actual.length : actual.length / positions;
        float worst = 0;
        int compared = 0;
        for (int p = 0; p < positions; p++) {
            if (mask != null && mask[p] == 0) {
                continue;
            }
            for (int v = 0; v < vocab; v++) {
                int i = p * vocab + v;
                worst = Math.max(worst, Math.abs(actual[i] - reference[i]));
                compared++;
            }
        }
        assertThat(compared).isPositive();
        System.out.printf("%s: max |ours - transformers| = %.2e over %d logits%n", what, worst, compared);
        assertThat(worst).as("max |ours - transformers| over %d logits", compared).isLessThan(TOLERANCE);
    }
}
