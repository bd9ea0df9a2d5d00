package io.codesynth.demomodel.training;

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
import io.codesynth.diffusion.model.ComputeDevices;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Dream architecture with parameters that take gradients: the forward pass of diffusion-lm's
 * {@code DreamModel} (RMSNorm, q/k/v with bias, half-split RoPE, grouped-query bidirectional attention with
 * pad keys hidden, o_proj, SwiGLU, final norm, lm_head, logits shifted right by one), written again here
 * because {@code DreamModel} can only be built from a checkpoint on disk, keeps its weights private, and
 * frees every intermediate as soon as a block ends, which an inference pass wants and a backward pass cannot
 * have. {@code CheckpointParityTest} holds the two passes to the same logits.
 *
 * <p>Batches are right-padded ({@link DiffusionBatch}): a row's real tokens sit at RoPE positions 0, 1, ...
 * as diffusion-lm counts them, and outputs at pad positions are never read. Dream has no dropout, so training
 * and evaluation run the same pass.
 *
 * <p>Not thread-safe: one training loop owns it.
 */
public final class TrainableDream implements AutoCloseable {

    private static final float HIDDEN = -1e30f;
    /** Hugging Face's initializer_range for Qwen2 / Dream. */
    private static final float INIT_STD = 0.02f;

    private final DemoArchitecture architecture;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray inverseFrequencies;

    private TrainableDream(DemoArchitecture architecture, NDManager manager, Map<String, NDArray> parameters) {
        this.architecture = architecture;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        NDArray exponents = manager.arange(0, architecture.headDim(), 2, DataType.INT64)
                .toType(DataType.FLOAT32, false).div(architecture.headDim());
        // 1 / theta^(2i / head_dim), computed as diffusion-lm computes it, so the two passes agree to the last bit
        NDArray powers = manager.full(exponents.getShape(), (float) DemoArchitecture.ROPE_THETA, DataType.FLOAT32)
                .pow(exponents);
        this.inverseFrequencies = manager.ones(exponents.getShape(), DataType.FLOAT32).div(powers);
    }

    /**
     * A model with weights drawn from {@code seed} as transformers initialises Qwen2: linear and embedding
     * weights normal with standard deviation 0.02, biases zero, norm weights one.
     */
    public static TrainableDream initialise(DemoArchitecture architecture, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        architecture.tensorShapes().forEach((name, shape) -> {
            if (name.endsWith("norm.weight")) {
                weights.put(name, RandomDreamCheckpoint.randomTensor(random, 0f, 1f, shape));
            } else if (name.endsWith(".bias")) {
                weights.put(name, RandomDreamCheckpoint.randomTensor(random, 0f, 0f, shape));
            } else {
                weights.put(name, RandomDreamCheckpoint.randomTensor(random, INIT_STD, 0f, shape));
            }
        });
        return of(architecture, weights);
    }

    /** A model with the given weights (every tensor of {@link DemoArchitecture#tensorShapes}), on the CPU. */
    public static TrainableDream of(DemoArchitecture architecture, Map<String, Tensor> weights) {
        NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE);
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        architecture.tensorShapes().forEach((name, shape) -> {
            Tensor tensor = weights.get(name);
            if (tensor == null || !java.util.Arrays.equals(tensor.shape(), shape)) {
                manager.close();
                throw new IllegalArgumentException("weight " + name + " must have shape " + java.util.Arrays.toString(shape)
                        + ", got " + (tensor == null ? "none" : java.util.Arrays.toString(tensor.shape())));
            }
            NDArray parameter = manager.create(tensor.values(), new Shape(shape));
            parameter.setRequiresGradient(true);
            parameters.put(name, parameter);
        });
        return new TrainableDream(architecture, manager, parameters);
    }

    public DemoArchitecture architecture() {
        return architecture;
    }

    /** The parameters by Hugging Face name, in checkpoint order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** A copy of every parameter's current values, by Hugging Face name, ready for a safetensors file. */
    public Map<String, Tensor> snapshot() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, parameter) ->
                tensors.put(name, new Tensor(parameter.getShape().getShape(), parameter.toFloatArray())));
        return tensors;
    }

    /**
     * (batch, length, vocab) F32 logits, row i scoring token i (Dream's shift). {@code ids} is (batch, length)
     * INT64 in {@code scope}'s device; {@code valid} (batch, length) F32 with 1 for real tokens, 0 for right
     * padding. Every intermediate lives in {@code scope}, so the autograd graph stays whole until it is closed.
     */
    public NDArray forward(NDManager scope, NDArray ids, NDArray valid) {
        NDArray logits = logits(finalHiddenStates(scope, ids, valid));
        long length = ids.getShape().get(1);
        if (length < 2) {
            return logits;
        }
        // cat(logits[:, :1], logits[:, :-1]): output i predicts token i + 1 in the autoregressive convention Dream keeps
        return NDArrays.concat(new NDList(logits.get(new NDIndex(":, 0:1")), logits.get(new NDIndex(":, 0:{}", length - 1))), 1);
    }

    /**
     * The final norm's output, (batch, length, hidden), before lm_head and before Dream's shift: row i of it
     * scores token i + 1 (token 0 for row 0). Training scores only the masked positions, so it applies
     * {@link #logits} to the rows it needs instead of to every position; the arguments are as for {@link #forward}.
     */
    public NDArray finalHiddenStates(NDManager scope, NDArray ids, NDArray valid) {
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        NDArray x = Embedding.embedding(ids, p("model.embed_tokens.weight"), SparseFormat.DENSE).singletonOrThrow();

        // RoPE positions count real tokens; with right padding that is the column index (pads get 0, as diffusion-lm gives them)
        NDArray positions = scope.arange(0, (int) length, 1, DataType.FLOAT32).reshape(1, length).mul(valid);
        NDArray angles = positions.expandDims(-1).mul(inverseFrequencies);
        NDArray both = NDArrays.concat(new NDList(angles, angles), -1).expandDims(1); // (batch, 1, length, head_dim)
        NDArray cos = both.cos();
        NDArray sin = both.sin();
        // additive bias over (batch, kv, group, query, key): pad keys hidden from every query
        NDArray bias = valid.sub(1f).mul(-HIDDEN).reshape(batch, 1, 1, 1, length);

        for (int l = 0; l < architecture.dimensions().layers(); l++) {
            x = block(l, x, cos, sin, bias);
        }
        return rmsNorm(x, p("model.norm.weight"));
    }

    /** lm_head applied to final hidden states of any leading shape: (..., hidden) to (..., vocab). */
    public NDArray logits(NDArray finalHiddenStates) {
        return Linear.linear(finalHiddenStates, p("lm_head.weight")).singletonOrThrow();
    }

    private NDArray block(int l, NDArray input, NDArray cos, NDArray sin, NDArray bias) {
        String prefix = "model.layers." + l + ".";
        long batch = input.getShape().get(0);
        long length = input.getShape().get(1);
        int heads = architecture.dimensions().heads();
        int kvHeads = architecture.dimensions().kvHeads();
        int headDim = architecture.headDim();

        NDArray h = rmsNorm(input, p(prefix + "input_layernorm.weight"));
        NDArray q = Linear.linear(h, p(prefix + "self_attn.q_proj.weight"), p(prefix + "self_attn.q_proj.bias"))
                .singletonOrThrow().reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
        NDArray k = Linear.linear(h, p(prefix + "self_attn.k_proj.weight"), p(prefix + "self_attn.k_proj.bias"))
                .singletonOrThrow().reshape(batch, length, kvHeads, headDim).transpose(0, 2, 1, 3);
        NDArray v = Linear.linear(h, p(prefix + "self_attn.v_proj.weight"), p(prefix + "self_attn.v_proj.bias"))
                .singletonOrThrow().reshape(batch, length, kvHeads, headDim).transpose(0, 2, 1, 3);
        q = rope(q, cos, sin);
        k = rope(k, cos, sin);

        // grouped-query attention by broadcasting (batch, kv, group, L, d) against (batch, kv, 1, L, d)
        int group = heads / kvHeads;
        NDArray scores = q.reshape(batch, kvHeads, group, length, headDim)
                .matMul(k.expandDims(2).swapAxes(-1, -2)).mul(1.0 / Math.sqrt(headDim)).add(bias);
        NDArray attended = scores.softmax(-1).matMul(v.expandDims(2))
                .reshape(batch, heads, length, headDim).transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * headDim);
        NDArray residual = input.add(Linear.linear(attended, p(prefix + "self_attn.o_proj.weight")).singletonOrThrow());

        NDArray f = rmsNorm(residual, p(prefix + "post_attention_layernorm.weight"));
        NDArray gate = Linear.linear(f, p(prefix + "mlp.gate_proj.weight")).singletonOrThrow();
        NDArray up = Linear.linear(f, p(prefix + "mlp.up_proj.weight")).singletonOrThrow();
        NDArray swiGlu = gate.mul(Activation.sigmoid(gate)).mul(up);
        return residual.add(Linear.linear(swiGlu, p(prefix + "mlp.down_proj.weight")).singletonOrThrow());
    }

    private static NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add((float) DemoArchitecture.RMS_NORM_EPS).sqrt()).mul(weight);
    }

    /** {@code x * cos + rotate_half(x) * sin}, rotate_half(x) = cat(-x[d/2:], x[:d/2]). */
    private static NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(3) / 2;
        NDArray rotated = NDArrays.concat(new NDList(
                x.get(new NDIndex("..., {}:", half)).neg(), x.get(new NDIndex("..., 0:{}", half))), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }

    private NDArray p(String name) {
        return parameters.get(name);
    }

    @Override
    public void close() {
        manager.close();
    }
}
