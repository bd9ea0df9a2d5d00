package io.codesynth.demomodel.training;

import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo model's shape and the ids of its tokenizer's control tokens: everything its {@code config.json}
 * says. {@link io.codesynth.diffusion.model.RandomDreamCheckpoint} fixes its own tokenizer's vocabulary, so
 * the demo model writes its config and tensor list here, with the same fields and the same Hugging Face names.
 *
 * @param vocabSize rows of the embedding and of lm_head (the demo tokenizer's id count)
 * @param maskId    {@code <|mask|>}
 * @param padId     padding, which is also end-of-text ({@code <|endoftext|>}), as in DiffuCoder
 */
public record DemoArchitecture(Dimensions dimensions, int vocabSize, int maskId, int padId) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public DemoArchitecture {
        if (maskId < 0 || maskId >= vocabSize || padId < 0 || padId >= vocabSize) {
            throw new IllegalArgumentException("mask id " + maskId + " and pad id " + padId
                    + " must lie inside the vocabulary of " + vocabSize);
        }
    }

    public int headDim() {
        return dimensions.hiddenSize() / dimensions.heads();
    }

    /** Every tensor by Hugging Face name, with its shape, in a fixed order. */
    public Map<String, long[]> tensorShapes() {
        long hidden = dimensions.hiddenSize();
        long kvWidth = (long) dimensions.kvHeads() * headDim();
        long ffn = dimensions.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new long[] {vocabSize, hidden});
        for (int l = 0; l < dimensions.layers(); l++) {
            String p = "model.layers." + l + ".";
            shapes.put(p + "input_layernorm.weight", new long[] {hidden});
            shapes.put(p + "self_attn.q_proj.weight", new long[] {hidden, hidden});
            shapes.put(p + "self_attn.q_proj.bias", new long[] {hidden});
            shapes.put(p + "self_attn.k_proj.weight", new long[] {kvWidth, hidden});
            shapes.put(p + "self_attn.k_proj.bias", new long[] {kvWidth});
            shapes.put(p + "self_attn.v_proj.weight", new long[] {kvWidth, hidden});
            shapes.put(p + "self_attn.v_proj.bias", new long[] {kvWidth});
            shapes.put(p + "self_attn.o_proj.weight", new long[] {hidden, hidden});
            shapes.put(p + "post_attention_layernorm.weight", new long[] {hidden});
            shapes.put(p + "mlp.gate_proj.weight", new long[] {ffn, hidden});
            shapes.put(p + "mlp.up_proj.weight", new long[] {ffn, hidden});
            shapes.put(p + "mlp.down_proj.weight", new long[] {hidden, ffn});
        }
        shapes.put("model.norm.weight", new long[] {hidden});
        shapes.put("lm_head.weight", new long[] {vocabSize, hidden});
        return shapes;
    }

    public long parameterCount() {
        long count = 0;
        for (long[] shape : tensorShapes().values()) {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            count += n;
        }
        return count;
    }

    /** {@code config.json} with the Dream / DiffuCoder fields diffusion-lm reads. */
    public String configJson() {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("architectures").add("DreamModel");
        config.put("model_type", "Dream");
        config.put("vocab_size", vocabSize);
        config.put("hidden_size", dimensions.hiddenSize());
        config.put("intermediate_size", dimensions.intermediateSize());
        config.put("num_hidden_layers", dimensions.layers());
        config.put("num_attention_heads", dimensions.heads());
        config.put("num_key_value_heads", dimensions.kvHeads());
        config.put("max_position_embeddings", dimensions.maxPositions());
        config.put("rope_theta", ROPE_THETA);
        config.put("rms_norm_eps", RMS_NORM_EPS);
        config.put("hidden_act", "silu");
        config.put("tie_word_embeddings", false);
        config.put("mask_token_id", maskId);
        config.put("pad_token_id", padId);
        config.put("bos_token_id", padId);
        config.put("eos_token_id", padId);
        config.put("torch_dtype", "float32");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    }

    static final double ROPE_THETA = 10000.0;
    static final double RMS_NORM_EPS = 1e-6;
}
