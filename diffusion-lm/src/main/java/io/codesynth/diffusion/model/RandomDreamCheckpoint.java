package io.codesynth.diffusion.model;

import io.codesynth.diffusion.tokenizer.Qwen2TokenizerConverter;
import io.codesynth.diffusion.weights.SafetensorsDType;
import io.codesynth.diffusion.weights.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a small Dream checkpoint laid out like a real one ({@code config.json}, {@code model.safetensors} with
 * Hugging Face tensor names, {@code vocab.json} + {@code merges.txt} + {@code added_tokens.json} and the
 * {@code tokenizer.json} converted from them), so it loads through exactly the code a trained checkpoint does.
 * With random weights ({@link #write(Path, Dimensions, long)}) its output is random text: it stands in where no
 * trained model is configured and serves tests and benchmarks. The parts are public for checkpoints whose weights
 * come from elsewhere, such as a small model trained with this tokenizer: {@link #tensorShapes},
 * {@link #writeCheckpoint}.
 *
 * <p>The tokenizer is byte-level BPE over the 256 bytes, a few code merges and the Qwen2 special tokens; the
 * model's vocabulary ({@value #VOCAB}) is larger than the tokenizer's ({@value #TOKENIZER_IDS} ids), as in
 * DiffuCoder. A file {@value #MARKER_FILE} marks a directory with random weights.
 */
public final class RandomDreamCheckpoint {

    public static final int ENDOFTEXT = 300;
    public static final int IM_START = 301;
    public static final int IM_END = 302;
    public static final int MASK = 303;
    public static final int DLM_PAD = 304;
    public static final int TOKENIZER_IDS = 305;
    public static final int VOCAB = 320;

    /** Present in every directory {@link #write(Path, Dimensions, long)} writes. */
    public static final String MARKER_FILE = "RANDOM-WEIGHTS.md";

    /** Merges in priority order; each side is a byte symbol or the result of an earlier merge. */
    private static final String[] MERGES = {
        "Ġ Ġ", "ĠĠ ĠĠ", "d e", "de f", "Ġ def", "r e", "re t", "ret u", "retu r", "retur n", "Ġ return",
        "i n", "Ġ in", "Ġ =", "( )", "Ċ Ġ", "s e", "l f", "se lf", "Ġ i", "Ġi f", "o r", "Ġ f", "Ġf or",
        "Ġ (", "e n", "l en", "Ġ +", "Ġ 1", "Ġ 0",
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The model's shape.
     *
     * @param maxPositions the context length written to {@code max_position_embeddings}
     */
    public record Dimensions(int hiddenSize, int layers, int heads, int kvHeads, int intermediateSize, int maxPositions) {

        public Dimensions {
            if (hiddenSize < 2 || layers < 1 || heads < 1 || kvHeads < 1 || intermediateSize < 1 || maxPositions < 2) {
                throw new IllegalArgumentException("every dimension must be positive: " + this);
            }
            if (hiddenSize % heads != 0 || heads % kvHeads != 0 || (hiddenSize / heads) % 2 != 0) {
                throw new IllegalArgumentException("hidden size must split into heads of even width and heads into "
                        + "key/value groups: " + this);
            }
        }

        /** A very small model (about 40 thousand parameters): hidden 32, 2 layers, 4 heads, 2 key/value heads. */
        public static Dimensions tiny() {
            return new Dimensions(32, 2, 4, 2, 64, 4096);
        }

        public Dimensions withMaxPositions(int positions) {
            return new Dimensions(hiddenSize, layers, heads, kvHeads, intermediateSize, positions);
        }
    }

    /** One tensor to write: its shape and its values in row-major order, stored as float32. */
    public record Tensor(long[] shape, float[] values) {

        public Tensor {
            long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (count != values.length) {
                throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " needs " + count
                        + " values, got " + values.length);
            }
        }
    }

    private RandomDreamCheckpoint() {
    }

    /** Writes a checkpoint of {@code dimensions} with weights drawn from {@code seed} into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir, Dimensions dimensions, long seed) {
        return writeCheckpoint(dir, dimensions, randomWeights(dimensions, seed), """
                # Random weights

                This checkpoint was generated with random weights (seed %d). It has the layout of a Dream /
                DiffuCoder checkpoint, so every code path that loads a trained model can run on it, but
                everything it generates is random text.
                """.formatted(seed));
    }

    /**
     * Writes a checkpoint with the given weights (names and shapes as {@link #tensorShapes}) and this class's
     * tokenizer into {@code dir}; returns {@code dir}. {@code config.json} comes last: its presence marks a
     * complete checkpoint.
     */
    public static Path writeCheckpoint(Path dir, Dimensions dimensions, Map<String, Tensor> weights) {
        return writeCheckpoint(dir, dimensions, weights, null);
    }

    private static Path writeCheckpoint(Path dir, Dimensions dimensions, Map<String, Tensor> weights, String marker) {
        try {
            Files.createDirectories(dir);
            writeTokenizer(dir);
            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            weights.forEach((name, tensor) -> writer.add(name, SafetensorsDType.F32, tensor.shape(), tensor.values()));
            writer.write(dir.resolve("model.safetensors"));
            if (marker != null) {
                Files.writeString(dir.resolve(MARKER_FILE), marker);
            }
            Files.writeString(dir.resolve("config.json"), configJson(dimensions, "Dream"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a Dream checkpoint to " + dir, e);
        }
    }

    /** True for a directory {@link #write(Path, Dimensions, long)} wrote. */
    public static boolean isRandom(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER_FILE));
    }

    /** The {@code config.json} text of a model of these dimensions, with the given {@code model_type}. */
    public static String configJson(Dimensions d, String modelType) {
        return configJson(d, modelType, VOCAB, MASK, ENDOFTEXT);
    }

    /**
     * The {@code config.json} text of a Dream model of these dimensions over another tokenizer's vocabulary.
     *
     * @param vocabSize rows of the embedding and of lm_head
     * @param maskId    the {@code <|mask|>} id
     * @param endOfTextId padding, beginning and end of text (one token, as in DiffuCoder)
     */
    public static String configJson(Dimensions d, String modelType, int vocabSize, int maskId, int endOfTextId) {
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
                  "max_position_embeddings": %d,
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
                """.formatted(modelType, vocabSize, d.hiddenSize(), d.intermediateSize(), d.layers(), d.heads(),
                d.kvHeads(), d.maxPositions(), maskId, endOfTextId, endOfTextId, endOfTextId);
    }

    /** Every tensor of a model of these dimensions, by Hugging Face name, with its shape, in a fixed order. */
    public static Map<String, long[]> tensorShapes(Dimensions d) {
        return tensorShapes(d, VOCAB);
    }

    /** Every tensor of a model of these dimensions over a vocabulary of {@code vocabSize} ids, in a fixed order. */
    public static Map<String, long[]> tensorShapes(Dimensions d, long vocabSize) {
        long hidden = d.hiddenSize();
        long kvWidth = (long) d.kvHeads() * (d.hiddenSize() / d.heads());
        long ffn = d.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new long[] {vocabSize, hidden});
        for (int l = 0; l < d.layers(); l++) {
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

    /**
     * Random weights for every tensor of {@link #tensorShapes}: norms around 1, biases small, linear weights with
     * standard deviation 1/sqrt(fan_in), which keeps activations in range at any width; lm_head four times that,
     * so the distributions are peaked enough for confidence-based decoding to have something to order.
     */
    public static Map<String, Tensor> randomWeights(Dimensions d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        tensorShapes(d).forEach((name, shape) -> {
            float std;
            float mean = 0f;
            if (name.endsWith("norm.weight")) {
                std = 0.1f;
                mean = 1f;
            } else if (name.endsWith(".bias")) {
                std = 0.1f;
            } else if (name.equals("model.embed_tokens.weight")) {
                std = 1f;
            } else {
                std = (float) (1 / Math.sqrt(shape[1])) * (name.equals("lm_head.weight") ? 4 : 1);
            }
            weights.put(name, randomTensor(random, std, mean, shape));
        });
        return weights;
    }

    /** A tensor of normal noise with standard deviation {@code std} around {@code mean}. */
    public static Tensor randomTensor(SplittableRandom random, float std, float mean, long... shape) {
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        for (int i = 0; i < values.length; i++) {
            values[i] = mean + std * (float) gaussian(random);
        }
        return new Tensor(shape.clone(), values);
    }

    /** Box-Muller: SplittableRandom has no nextGaussian of its own. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Writes the tokenizer: {@code vocab.json}, {@code merges.txt}, {@code added_tokens.json}, then {@code tokenizer.json}. */
    public static void writeTokenizer(Path dir) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(byteSymbol(b), vocab.size());
        }
        List<String> merges = new ArrayList<>();
        merges.add("#version: 0.2");
        for (String merge : MERGES) {
            String[] sides = merge.split(" ");
            if (!vocab.containsKey(sides[0]) || !vocab.containsKey(sides[1])) {
                throw new IllegalStateException("merge '" + merge + "' uses a symbol no earlier entry defines");
            }
            merges.add(merge);
            vocab.putIfAbsent(sides[0] + sides[1], vocab.size());
        }
        // added tokens must continue the vocabulary without a gap, or the tokenizer renumbers them
        for (int unused = 0; vocab.size() < ENDOFTEXT; unused++) {
            vocab.put("[unused" + unused + "]", vocab.size());
        }
        Map<String, Integer> added = new LinkedHashMap<>();
        added.put("<|endoftext|>", ENDOFTEXT);
        added.put("<|im_start|>", IM_START);
        added.put("<|im_end|>", IM_END);
        added.put("<|mask|>", MASK);
        added.put("<|dlm_pad|>", DLM_PAD);
        Files.writeString(dir.resolve("vocab.json"), JSON.writeValueAsString(vocab));
        Files.write(dir.resolve("merges.txt"), merges);
        Files.writeString(dir.resolve("added_tokens.json"), JSON.writeValueAsString(added));
        Qwen2TokenizerConverter.writeTokenizerJson(dir, dir.resolve("tokenizer.json"));
    }

    /**
     * GPT-2's byte-to-symbol table of byte-level BPE vocabularies: printable Latin-1 bytes stand for themselves,
     * the others are shifted to code points from 256 up ({@code Ġ} is the space, {@code Ċ} the newline).
     */
    static String byteSymbol(int b) {
        int shifted = 0;
        for (int i = 0; i < b; i++) {
            if (!printable(i)) {
                shifted++;
            }
        }
        return Character.toString(printable(b) ? b : 256 + shifted);
    }

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }
}
