package io.codesynth.diffusion.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.codesynth.diffusion.weights.SafetensorsCheckpoint;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dream architecture (DiffuCoder, Dream-v0): Qwen2 transformer blocks with bidirectional attention over
 * the whole canvas, predicting every position at once.
 *
 * <pre>
 * x = embed(ids)
 * for each layer:
 *     h = x + o_proj(attention(rope(q_proj(rmsnorm(x))), rope(k_proj(...)), v_proj(...)))
 *     x = h + down_proj(silu(gate_proj(rmsnorm(h))) * up_proj(rmsnorm(h)))
 * logits = lm_head(rmsnorm(x)), shifted right by one position (Dream)
 * </pre>
 *
 * <p>Batches are left-padded: pad keys are hidden from every query, pad query rows attend to nothing (their
 * logits are finite but meaningless), and RoPE positions count real tokens only ({@link Canvas}), so a row
 * scores the same whatever padding its batch gave it.
 *
 * <p>With {@link ModelOptions#causal()} the same blocks attend only to earlier positions, which makes this a
 * Qwen2 forward pass that can be checked against transformers' reference logits.
 *
 * <p>Thread-safe: the weights are read-only and every call works in its own {@link NDManager}.
 */
public final class DreamModel implements DenoisingModel {

    private static final Logger LOG = LoggerFactory.getLogger(DreamModel.class);

    /**
     * Stands in for -inf in attention biases. Finite, so a row with no visible key (a pad query in causal
     * mode) comes out uniform instead of NaN; far enough from Float.MAX_VALUE that adding a score cannot
     * overflow to -inf; exp() of it relative to any real score is exactly 0, as with -inf.
     */
    private static final float HIDDEN = -1e30f;

    private final ModelConfig config;
    private final ModelOptions options;
    private final Weights weights;
    private final NDArray inverseFrequencies; // (head_dim / 2), F32

    private DreamModel(ModelConfig config, ModelOptions options, Weights weights) {
        this.config = config;
        this.options = options;
        this.weights = weights;
        this.inverseFrequencies = inverseFrequencies(weights.manager(), config);
    }

    /** {@link #load(Path, ModelOptions)} with {@link ModelOptions#defaults()}. */
    public static DreamModel load(Path checkpointDir) {
        return load(checkpointDir, ModelOptions.defaults());
    }

    /**
     * Loads {@code config.json} and the safetensors weights (single file or sharded) of a Dream or Qwen2
     * checkpoint onto the device {@code options} names (or the preferred one).
     */
    public static DreamModel load(Path checkpointDir, ModelOptions options) {
        long started = System.nanoTime();
        ModelConfig config = ModelConfig.read(checkpointDir.resolve("config.json"));
        ComputeDevices.setIntraOpThreads(options.intraOpThreads());
        Device device = options.device() != null ? options.device() : ComputeDevices.preferred();
        if (!device.isGpu() && options.dtype() == DataType.FLOAT16) {
            LOG.warn("FLOAT16 on CPU is far slower than FLOAT32; use FLOAT32 unless testing");
        }
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(checkpointDir)) {
            Weights weights = Weights.load(checkpoint, config, device, options.dtype());
            DreamModel model = new DreamModel(config, options.withDevice(device), weights);
            LOG.info("Loaded {} ({} layers, hidden {}, vocab {}) from {} on {} as {} in {} ms", config.modelType(),
                    config.numHiddenLayers(), config.hiddenSize(), config.vocabSize(), checkpointDir, device,
                    options.dtype(), (System.nanoTime() - started) / 1_000_000);
            return model;
        }
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** The options in effect, with the device resolved. */
    public ModelOptions options() {
        return options;
    }

    public Device device() {
        return weights.device();
    }

    public DataType dtype() {
        return weights.dtype();
    }

    @Override
    public NDArray forward(NDManager manager, NDArray inputIds, NDArray attentionMask) {
        return logits(manager, inputIds, attentionMask, null);
    }

    /** As {@link #forward}, running lm_head on the asked-for positions only. */
    @Override
    public NDArray logitsAt(NDManager manager, NDArray inputIds, NDArray attentionMask, long[] positions) {
        return logits(manager, inputIds, attentionMask, positions);
    }

    /** (batch, length, vocab) logits, or (positions, vocab) when positions is not null. */
    private NDArray logits(NDManager manager, NDArray inputIds, NDArray attentionMask, long[] positions) {
        Canvas canvas = Canvas.of(inputIds, attentionMask, config.vocabSize());
        int batch = canvas.batch();
        int length = canvas.length();
        try (NDManager scope = manager.newSubManager(device())) {
            // token embeddings
            NDArray ids = scope.create(canvas.ids(), new Shape(batch, length));
            NDArray x = Embedding.embedding(ids, weights.tokenEmbeddings, SparseFormat.DENSE).singletonOrThrow();

            // per-forward constants shared by every layer: RoPE tables, attention bias, query mask
            NDArray positionIds = scope.create(canvas.positions(), new Shape(batch, length));
            NDArray[] rope = rotaryTables(positionIds);
            NDArray valid = scope.create(canvas.validAsFloats(), new Shape(batch, length));
            NDArray bias = attentionBias(scope, valid, length);
            NDArray queryMask = valid.reshape(batch, 1, 1, length, 1).toType(dtype(), false);

            for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
                x = block(layer, x, rope[0], rope[1], bias, queryMask);
            }

            // final rmsnorm
            NDArray normed = rmsNorm(x, weights.finalNorm); // (batch, length, hidden)

            // Dream keeps the autoregressive convention (output i predicts token i + 1) and shifts right by one,
            // cat(logits[:, :1], logits[:, :-1]), so that row i scores token i. lm_head works row by row, so the
            // rows are moved (and, for some positions, picked) before it: the same logits from a smaller array.
            long[] sources = outputRows(canvas, positions);
            if (sources != null) {
                normed = normed.reshape(batch * (long) length, config.hiddenSize()).get(scope.create(sources));
                if (positions == null) {
                    normed = normed.reshape(batch, length, config.hiddenSize());
                }
            }

            // classifier
            NDArray logits = Linear.linear(normed, weights.lmHead).singletonOrThrow()
                    .toType(DataType.FLOAT32, false); // (batch, length, vocab) or (positions, vocab)
            logits.attach(manager);
            return logits;
        }
    }

    /**
     * The flat (row · length + column) hidden-state row each output row is computed from, or null when that is
     * every row in order (no shift, all positions).
     */
    private long[] outputRows(Canvas canvas, long[] positions) {
        int total = canvas.batch() * canvas.length();
        boolean shift = config.shiftLogits() && canvas.length() > 1;
        if (positions == null) {
            return shift ? canvas.shiftSources() : null;
        }
        long[] shifted = shift ? canvas.shiftSources() : null;
        long[] rows = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            long position = positions[i];
            if (position < 0 || position >= total) {
                throw new IllegalArgumentException("position " + position + " is outside the canvas of " + canvas.batch()
                        + " x " + canvas.length());
            }
            rows[i] = shift ? shifted[(int) position] : position;
        }
        return rows;
    }

    /** One transformer block; its intermediates live and die in their own manager, so memory stays flat across layers. */
    private NDArray block(int l, NDArray input, NDArray cos, NDArray sin, NDArray bias, NDArray queryMask) {
        NDManager parent = input.getManager();
        try (NDManager scope = parent.newSubManager()) {
            input.attach(scope); // freed with the block: nothing needs it afterwards
            long batch = input.getShape().get(0);
            long length = input.getShape().get(1);
            int heads = config.numAttentionHeads();
            int kvHeads = config.numKeyValueHeads();
            int headDim = config.headDim();

            // attention rmsnorm
            NDArray h = rmsNorm(input, weights.attentionNorm[l]);

            // q, k, v projections (with bias), split into heads: (batch, heads, length, head_dim)
            NDArray q = Linear.linear(h, weights.wq[l], weights.bq[l]).singletonOrThrow()
                    .reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
            NDArray k = Linear.linear(h, weights.wk[l], weights.bk[l]).singletonOrThrow()
                    .reshape(batch, length, kvHeads, headDim).transpose(0, 2, 1, 3);
            NDArray v = Linear.linear(h, weights.wv[l], weights.bv[l]).singletonOrThrow()
                    .reshape(batch, length, kvHeads, headDim).transpose(0, 2, 1, 3);

            // RoPE on queries and keys
            q = applyRope(q, cos, sin);
            k = applyRope(k, cos, sin);

            // grouped-query attention: the heads / kv_heads query heads of a group share one key/value head.
            // Broadcasting (batch, kv, group, L, d) against (batch, kv, 1, L, d) is repeat_kv without the copies.
            int group = heads / kvHeads;
            NDArray qGrouped = q.reshape(batch, kvHeads, group, length, headDim);
            NDArray keys = k.expandDims(2);
            NDArray values = v.expandDims(2);

            // scores = q k^T / sqrt(head_dim) + bias, softmax over keys in F32, pad query rows zeroed.
            // The (batch, kv, group, L, L) arrays are the largest of the block: updated in place, freed early.
            NDArray scores = qGrouped.matMul(keys.swapAxes(-1, -2)).muli(1.0 / Math.sqrt(headDim));
            NDArray scores32 = scores.toType(DataType.FLOAT32, false).addi(bias);
            NDArray probabilities = scores32.softmax(-1);
            scores.close();
            scores32.close();
            NDArray attention = probabilities.toType(dtype(), false).muli(queryMask);
            NDArray attended = attention.matMul(values) // (batch, kv, group, L, head_dim)
                    .reshape(batch, heads, length, headDim).transpose(0, 2, 1, 3).reshape(batch, length, heads * headDim);
            probabilities.close();
            attention.close();

            // output projection (no bias) and residual
            NDArray residual = input.add(Linear.linear(attended, weights.wo[l]).singletonOrThrow());

            // ffn rmsnorm, SwiGLU: down(silu(gate(x)) * up(x)), residual
            NDArray f = rmsNorm(residual, weights.ffnNorm[l]);
            NDArray gate = Linear.linear(f, weights.wGate[l]).singletonOrThrow();
            NDArray up = Linear.linear(f, weights.wUp[l]).singletonOrThrow();
            NDArray swiGlu = gate.mul(Activation.sigmoid(gate)).mul(up);
            NDArray output = residual.add(Linear.linear(swiGlu, weights.wDown[l]).singletonOrThrow());
            output.attach(parent);
            return output;
        }
    }

    /** RMSNorm: statistics in F32, normalised values cast back to the compute type, then scaled by the weight. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray meanSquare = x32.square().mean(new int[] {-1}, true);
        NDArray normalised = x32.div(meanSquare.add((float) config.rmsNormEps()).sqrt());
        return normalised.toType(dtype(), false).mul(weight);
    }

    /** Half-split RoPE: {@code x * cos + rotate_half(x) * sin}, rotate_half(x) = cat(-x[d/2:], x[:d/2]). */
    private static NDArray applyRope(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(3) / 2;
        NDArray rotated = NDArrays.concat(new NDList(
                x.get(new NDIndex("..., {}:", half)).neg(), x.get(new NDIndex("..., 0:{}", half))), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }

    /** cos and sin of position * frequency, (batch, 1, length, head_dim) in the compute type; frequencies repeat across the two halves. */
    private NDArray[] rotaryTables(NDArray positions) {
        NDArray angles = positions.expandDims(-1).mul(inverseFrequencies); // (batch, length, head_dim / 2)
        NDArray both = NDArrays.concat(new NDList(angles, angles), -1).expandDims(1);
        return new NDArray[] {both.cos().toType(dtype(), false), both.sin().toType(dtype(), false)};
    }

    /**
     * F32 additive attention bias, 0 where a query may see a key and {@link #HIDDEN} where not, shaped to
     * broadcast over (batch, kv_heads, group, query, key): pad keys are hidden from every query, and in
     * causal mode so are later keys.
     */
    private NDArray attentionBias(NDManager scope, NDArray valid, int length) {
        long batch = valid.getShape().get(0);
        NDArray visible = valid.reshape(batch, 1, 1, 1, length);
        if (options.causal()) {
            NDArray queryIndex = scope.arange(0, length, 1, DataType.INT64).reshape(length, 1);
            NDArray keyIndex = scope.arange(0, length, 1, DataType.INT64).reshape(1, length);
            NDArray notLater = keyIndex.lte(queryIndex).toType(DataType.FLOAT32, false).reshape(1, 1, 1, length, length);
            visible = visible.mul(notLater);
        }
        return visible.sub(1f).mul(-HIDDEN);
    }

    /** inv_freq = 1 / theta^(2i / head_dim), computed by the engine in F32 as transformers does. */
    private static NDArray inverseFrequencies(NDManager manager, ModelConfig config) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray exponents = scratch.arange(0, config.headDim(), 2, DataType.INT64)
                    .toType(DataType.FLOAT32, false).div(config.headDim());
            NDArray powers = scratch.full(exponents.getShape(), (float) config.ropeTheta(), DataType.FLOAT32).pow(exponents);
            NDArray inverse = scratch.ones(exponents.getShape(), DataType.FLOAT32).div(powers);
            inverse.attach(manager);
            return inverse;
        }
    }

    /** Frees the weights. */
    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return config.modelType() + " " + config.numHiddenLayers() + "x" + config.hiddenSize() + " on " + device()
                + " as " + dtype() + (options.causal() ? " (causal)" : "");
    }
}
