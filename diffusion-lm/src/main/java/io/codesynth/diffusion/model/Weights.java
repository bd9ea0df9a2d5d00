package io.codesynth.diffusion.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.codesynth.diffusion.weights.SafetensorsCheckpoint;

/**
 * The parameters of a Dream / Qwen2 model on one device, by role. Hugging Face names:
 * {@code model.embed_tokens.weight}, {@code model.layers.N.{input_layernorm, self_attn.{q,k,v,o}_proj,
 * post_attention_layernorm, mlp.{gate,up,down}_proj}}, {@code model.norm.weight}, {@code lm_head.weight}.
 * Linear weights keep PyTorch's (out_features, in_features) layout; {@code y = x W^T + b}.
 *
 * <p>Owns its arrays through one {@link NDManager}; {@link #close()} frees them all.
 */
public final class Weights implements AutoCloseable {

    private final NDManager manager;
    private final DataType dtype;

    // token embedding table
    final NDArray tokenEmbeddings; // (vocab, hidden)

    // attention, one array per layer
    final NDArray[] attentionNorm; // (layer, hidden)
    final NDArray[] wq; // (layer, n_heads * head_dim, hidden)
    final NDArray[] bq; // (layer, n_heads * head_dim)
    final NDArray[] wk; // (layer, n_kv_heads * head_dim, hidden)
    final NDArray[] bk; // (layer, n_kv_heads * head_dim)
    final NDArray[] wv; // (layer, n_kv_heads * head_dim, hidden)
    final NDArray[] bv; // (layer, n_kv_heads * head_dim)
    final NDArray[] wo; // (layer, hidden, n_heads * head_dim)

    // feed-forward (SwiGLU), one array per layer
    final NDArray[] ffnNorm; // (layer, hidden)
    final NDArray[] wGate; // (layer, intermediate, hidden)
    final NDArray[] wUp; // (layer, intermediate, hidden)
    final NDArray[] wDown; // (layer, hidden, intermediate)

    // final rmsnorm and classifier
    final NDArray finalNorm; // (hidden)
    final NDArray lmHead; // (vocab, hidden); the embedding table itself when tie_word_embeddings

    private Weights(NDManager manager, DataType dtype, SafetensorsCheckpoint checkpoint, ModelConfig config) {
        this.manager = manager;
        this.dtype = dtype;
        long vocab = config.vocabSize();
        long hidden = config.hiddenSize();
        long ffn = config.intermediateSize();
        long qWidth = (long) config.numAttentionHeads() * config.headDim();
        long kvWidth = (long) config.numKeyValueHeads() * config.headDim();
        int layers = config.numHiddenLayers();

        tokenEmbeddings = load(checkpoint, "model.embed_tokens.weight", vocab, hidden);
        attentionNorm = new NDArray[layers];
        wq = new NDArray[layers];
        bq = new NDArray[layers];
        wk = new NDArray[layers];
        bk = new NDArray[layers];
        wv = new NDArray[layers];
        bv = new NDArray[layers];
        wo = new NDArray[layers];
        ffnNorm = new NDArray[layers];
        wGate = new NDArray[layers];
        wUp = new NDArray[layers];
        wDown = new NDArray[layers];
        for (int l = 0; l < layers; l++) {
            String prefix = "model.layers." + l + ".";
            attentionNorm[l] = load(checkpoint, prefix + "input_layernorm.weight", hidden);
            wq[l] = load(checkpoint, prefix + "self_attn.q_proj.weight", qWidth, hidden);
            bq[l] = load(checkpoint, prefix + "self_attn.q_proj.bias", qWidth);
            wk[l] = load(checkpoint, prefix + "self_attn.k_proj.weight", kvWidth, hidden);
            bk[l] = load(checkpoint, prefix + "self_attn.k_proj.bias", kvWidth);
            wv[l] = load(checkpoint, prefix + "self_attn.v_proj.weight", kvWidth, hidden);
            bv[l] = load(checkpoint, prefix + "self_attn.v_proj.bias", kvWidth);
            wo[l] = load(checkpoint, prefix + "self_attn.o_proj.weight", hidden, qWidth);
            ffnNorm[l] = load(checkpoint, prefix + "post_attention_layernorm.weight", hidden);
            wGate[l] = load(checkpoint, prefix + "mlp.gate_proj.weight", ffn, hidden);
            wUp[l] = load(checkpoint, prefix + "mlp.up_proj.weight", ffn, hidden);
            wDown[l] = load(checkpoint, prefix + "mlp.down_proj.weight", hidden, ffn);
        }
        finalNorm = load(checkpoint, "model.norm.weight", hidden);
        lmHead = config.tieWordEmbeddings() ? tokenEmbeddings : load(checkpoint, "lm_head.weight", vocab, hidden);
    }

    /**
     * Loads every parameter {@code config} calls for from {@code checkpoint} onto {@code device} as
     * {@code dtype}, checking each shape against the config.
     *
     * @throws io.codesynth.diffusion.weights.WeightsException naming the tensor when one is missing or misshapen
     */
    public static Weights load(SafetensorsCheckpoint checkpoint, ModelConfig config, Device device, DataType dtype) {
        NDManager manager = NDManager.newBaseManager(device, ComputeDevices.ENGINE);
        try {
            return new Weights(manager, dtype, checkpoint, config);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private NDArray load(SafetensorsCheckpoint checkpoint, String name, long... shape) {
        return checkpoint.load(manager, name, dtype, shape);
    }

    public DataType dtype() {
        return dtype;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The manager owning the parameters; constants derived from them may live here too. */
    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
