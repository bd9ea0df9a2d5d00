package io.codesynth.diffusion.testing;

import io.codesynth.diffusion.tokenizer.Qwen2TokenizerConverter;
import io.codesynth.diffusion.weights.SafetensorsDType;
import io.codesynth.diffusion.weights.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a tiny random Dream checkpoint laid out like a real one: {@code config.json} (model_type Dream),
 * {@code model.safetensors} with Hugging Face tensor names, and a byte-level BPE {@code tokenizer.json}
 * converted from {@code vocab.json} + {@code merges.txt} + {@code added_tokens.json}, so loading it goes
 * through exactly the code a real checkpoint does.
 *
 * <p>Model vocabulary {@value #VOCAB}, larger than the tokenizer's {@value #TOKENIZER_IDS} ids, as in
 * DiffuCoder. The weights are deterministic for a seed.
 */
public final class TinyDreamCheckpoint {

    public static final int VOCAB = 320;
    public static final int HIDDEN = 32;
    public static final int HEADS = 4;
    public static final int KV_HEADS = 2;
    public static final int LAYERS = 2;
    public static final int INTERMEDIATE = 64;
    public static final int HEAD_DIM = HIDDEN / HEADS;

    public static final int ENDOFTEXT = 300;
    public static final int IM_START = 301;
    public static final int IM_END = 302;
    public static final int MASK = 303;
    public static final int DLM_PAD = 304;
    public static final int TOKENIZER_IDS = 305;

    private static final String[] MERGES = {
        "Ġ Ġ", "ĠĠ ĠĠ", "d e", "de f", "Ġ def", "r e", "re t", "ret u", "retu r", "retur n",
        "Ġ return", "i n", "Ġ in", "p r", "pr i", "pri n", "prin t", "Ġ =", "( )", "Ċ Ġ",
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TinyDreamCheckpoint() {
    }

    /** Writes the checkpoint with seed 42 into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir) {
        return write(dir, 42, UnaryOperator.identity());
    }

    /**
     * Writes the checkpoint; {@code edit} may change the tensor map (drop or replace a tensor) before it is
     * written, to produce broken checkpoints.
     */
    public static Path write(Path dir, long seed, UnaryOperator<Map<String, float[][]>> edit) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), configJson("Dream"));
            writeWeights(dir, seed, edit);
            writeTokenizer(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config.json text with the given model_type (Dream, or qwen2 to read the same weights unshifted). */
    public static String configJson(String modelType) {
        return """
                {
                  "architectures": ["DreamModel"],
                  "model_type": "%s",
                  "vocab_size": %d,
                  "hidden_size": %d,
                  "intermediate_size": %d,
                  "num_hidden_layers": %d,
                  "num_attention_heads": %d,
                  "num_key_value_heads": %d,
                  "max_position_embeddings": 512,
                  "rope_theta": 10000.0,
                  "rms_norm_eps": 1e-6,
                  "hidden_act": "silu",
                  "tie_word_embeddings": false,
                  "mask_token_id": %d,
                  "pad_token_id": %d,
                  "bos_token_id": %d,
                  "eos_token_id": %d,
                  "torch_dtype": "float32"
                }
                """.formatted(modelType, VOCAB, HIDDEN, INTERMEDIATE, LAYERS, HEADS, KV_HEADS, MASK, ENDOFTEXT,
                ENDOFTEXT, ENDOFTEXT);
    }

    /** Every tensor of the model: name to {shape as floats, values}. */
    private static void writeWeights(Path dir, long seed, UnaryOperator<Map<String, float[][]>> edit) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[][]> tensors = new LinkedHashMap<>();
        int kvWidth = KV_HEADS * HEAD_DIM;
        put(tensors, "model.embed_tokens.weight", random, 0.5f, 0f, VOCAB, HIDDEN);
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            put(tensors, p + "input_layernorm.weight", random, 0.2f, 1f, HIDDEN);
            put(tensors, p + "self_attn.q_proj.weight", random, 0.2f, 0f, HIDDEN, HIDDEN);
            put(tensors, p + "self_attn.q_proj.bias", random, 0.2f, 0f, HIDDEN);
            put(tensors, p + "self_attn.k_proj.weight", random, 0.2f, 0f, kvWidth, HIDDEN);
            put(tensors, p + "self_attn.k_proj.bias", random, 0.2f, 0f, kvWidth);
            put(tensors, p + "self_attn.v_proj.weight", random, 0.2f, 0f, kvWidth, HIDDEN);
            put(tensors, p + "self_attn.v_proj.bias", random, 0.2f, 0f, kvWidth);
            put(tensors, p + "self_attn.o_proj.weight", random, 0.2f, 0f, HIDDEN, HIDDEN);
            put(tensors, p + "post_attention_layernorm.weight", random, 0.2f, 1f, HIDDEN);
            put(tensors, p + "mlp.gate_proj.weight", random, 0.2f, 0f, INTERMEDIATE, HIDDEN);
            put(tensors, p + "mlp.up_proj.weight", random, 0.2f, 0f, INTERMEDIATE, HIDDEN);
            put(tensors, p + "mlp.down_proj.weight", random, 0.2f, 0f, HIDDEN, INTERMEDIATE);
        }
        put(tensors, "model.norm.weight", random, 0.2f, 1f, HIDDEN);
        put(tensors, "lm_head.weight", random, 0.5f, 0f, VOCAB, HIDDEN);

        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        edit.apply(tensors).forEach((name, shapeAndValues) -> {
            long[] shape = new long[shapeAndValues[0].length];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = (long) shapeAndValues[0][i];
            }
            writer.add(name, SafetensorsDType.F32, shape, shapeAndValues[1]);
        });
        writer.write(dir.resolve("model.safetensors"));
    }

    /** A tensor of normal noise with standard deviation {@code scale} around {@code mean}. */
    public static float[][] randomTensor(SplittableRandom random, float scale, float mean, int... shape) {
        int count = 1;
        float[] dims = new float[shape.length];
        for (int i = 0; i < shape.length; i++) {
            count *= shape[i];
            dims[i] = shape[i];
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = mean + scale * (float) gaussian(random);
        }
        return new float[][] {dims, values};
    }

    private static void put(Map<String, float[][]> tensors, String name, SplittableRandom random, float scale,
            float mean, int... shape) {
        tensors.put(name, randomTensor(random, scale, mean, shape));
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** vocab.json (the 256 byte symbols, then merge results), merges.txt, added_tokens.json, then tokenizer.json. */
    private static void writeTokenizer(Path dir) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(ByteLevel.symbol(b), vocab.size());
        }
        List<String> merges = new ArrayList<>();
        merges.add("#version: 0.2");
        for (String merge : MERGES) {
            merges.add(merge);
            vocab.putIfAbsent(merge.replace(" ", ""), vocab.size());
        }
        // added tokens must follow the vocabulary without a gap, or the tokenizer renumbers them
        for (int unused = 0; vocab.size() < ENDOFTEXT; unused++) {
            vocab.put("[unused" + unused + "]", vocab.size());
        }
        Files.writeString(dir.resolve("vocab.json"), JSON.writeValueAsString(vocab));
        Files.write(dir.resolve("merges.txt"), merges);
        Map<String, Integer> added = new LinkedHashMap<>();
        added.put("<|endoftext|>", ENDOFTEXT);
        added.put("<|im_start|>", IM_START);
        added.put("<|im_end|>", IM_END);
        added.put("<|mask|>", MASK);
        added.put("<|dlm_pad|>", DLM_PAD);
        Files.writeString(dir.resolve("added_tokens.json"), JSON.writeValueAsString(added));
        Qwen2TokenizerConverter.writeTokenizerJson(dir, dir.resolve("tokenizer.json"));
    }
}
