package io.codesynth.diffusion.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a Hugging Face {@code config.json} onto {@link ModelConfig}. Only the fields the forward pass needs
 * are read; everything else in the file is ignored. Fields that change the architecture in ways the forward
 * pass does not implement (another activation, RoPE scaling, sliding windows, an explicit head size that
 * differs from {@code hidden_size / num_attention_heads}) are rejected rather than silently ignored.
 *
 * <p>Defaults follow transformers' {@code Qwen2Config} / {@code DreamConfig}: {@code num_key_value_heads}
 * defaults to {@code num_attention_heads}, {@code tie_word_embeddings} to false, and a missing or null
 * {@code bos_token_id} / {@code pad_token_id} to the eos id (DiffuCoder uses one id for all three).
 */
final class ModelConfigReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelConfigReader() {
    }

    static ModelConfig read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Model config " + file + " does not exist");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model config " + file, e);
        }
    }

    static ModelConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Model config " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Model config " + source + " is not a JSON object");
        }
        return new Fields(root, source).toConfig();
    }

    /** One config file being read; every error names the file and the field. */
    private record Fields(JsonNode root, String source) {

        ModelConfig toConfig() {
            String modelType = requiredString("model_type");
            boolean dream;
            switch (modelType.toLowerCase(Locale.ROOT)) {
                case "dream" -> dream = true;
                case "qwen2" -> dream = false;
                default -> throw invalid("model_type", "is '" + modelType + "'; supported: Dream (dream), qwen2");
            }
            rejectUnsupportedArchitecture();

            int hidden = requiredInt("hidden_size");
            int heads = requiredInt("num_attention_heads");
            int kvHeads = present("num_key_value_heads") ? requiredInt("num_key_value_heads") : heads;
            if (hidden % heads != 0) {
                throw invalid("hidden_size", hidden + " is not divisible by num_attention_heads " + heads);
            }
            if (heads % kvHeads != 0) {
                throw invalid("num_key_value_heads", kvHeads + " does not divide num_attention_heads " + heads);
            }
            if ((hidden / heads) % 2 != 0) {
                throw invalid("hidden_size", "gives an odd head size " + hidden / heads + "; RoPE needs an even one");
            }
            if (present("head_dim") && requiredInt("head_dim") != hidden / heads) {
                throw invalid("head_dim", requiredInt("head_dim") + " differs from hidden_size / num_attention_heads = "
                        + hidden / heads + ", which this forward pass assumes");
            }

            int eos = tokenId("eos_token_id");
            Integer mask = present("mask_token_id") ? requiredInt("mask_token_id") : null;
            if (dream && mask == null) {
                throw invalid("mask_token_id", "is missing; a Dream checkpoint needs it to decode");
            }
            return new ModelConfig(
                    dream ? "dream" : "qwen2",
                    requiredInt("vocab_size"),
                    hidden,
                    requiredInt("intermediate_size"),
                    requiredInt("num_hidden_layers"),
                    heads,
                    kvHeads,
                    requiredInt("max_position_embeddings"),
                    ropeTheta(),
                    requiredDouble("rms_norm_eps"),
                    present("tie_word_embeddings") && requiredBoolean("tie_word_embeddings"),
                    mask,
                    present("pad_token_id") ? tokenId("pad_token_id") : eos,
                    present("bos_token_id") ? tokenId("bos_token_id") : eos,
                    eos,
                    torchDtype(),
                    dream);
        }

        private void rejectUnsupportedArchitecture() {
            if (present("hidden_act") && !"silu".equals(requiredString("hidden_act"))) {
                throw invalid("hidden_act", "is '" + requiredString("hidden_act") + "'; only silu (SwiGLU) is implemented");
            }
            if (present("use_sliding_window") && requiredBoolean("use_sliding_window")) {
                throw invalid("use_sliding_window", "is true; this implementation has no sliding-window attention");
            }
            JsonNode scaling = root.get("rope_scaling");
            if (scaling != null && !scaling.isNull()) {
                throw invalid("rope_scaling", "is " + scaling + "; only plain RoPE is implemented");
            }
            JsonNode parameters = root.get("rope_parameters");
            if (parameters != null && parameters.isObject()) {
                JsonNode type = parameters.get("rope_type");
                if (type != null && !type.isNull() && !"default".equals(type.asString())) {
                    throw invalid("rope_parameters.rope_type", "is '" + type.asString() + "'; only default RoPE is implemented");
                }
            }
        }

        /** transformers 4 writes {@code rope_theta} at the top level, transformers 5 inside {@code rope_parameters}. */
        private double ropeTheta() {
            if (present("rope_theta")) {
                return requiredDouble("rope_theta");
            }
            JsonNode parameters = root.get("rope_parameters");
            if (parameters != null && parameters.isObject()) {
                JsonNode theta = parameters.get("rope_theta");
                if (theta != null && theta.isNumber()) {
                    return theta.asDouble();
                }
            }
            throw invalid("rope_theta", "is missing (looked for rope_theta and rope_parameters.rope_theta)");
        }

        /** transformers 4 writes {@code torch_dtype}, transformers 5 {@code dtype}; informational only. */
        private String torchDtype() {
            for (String name : new String[] {"torch_dtype", "dtype"}) {
                if (present(name)) {
                    return requiredString(name);
                }
            }
            return "float32";
        }

        /** Some configs give a list of eos ids; the first is the model's own. */
        private int tokenId(String name) {
            JsonNode node = root.get(name);
            if (node != null && node.isArray() && !node.isEmpty() && node.get(0).canConvertToInt()) {
                return node.get(0).asInt();
            }
            return requiredInt(name);
        }

        private boolean present(String name) {
            JsonNode node = root.get(name);
            return node != null && !node.isNull();
        }

        private JsonNode required(String name) {
            if (!present(name)) {
                throw invalid(name, "is missing");
            }
            return root.get(name);
        }

        private int requiredInt(String name) {
            JsonNode node = required(name);
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw invalid(name, "should be an integer but is " + node);
            }
            return node.asInt();
        }

        private double requiredDouble(String name) {
            JsonNode node = required(name);
            if (!node.isNumber()) {
                throw invalid(name, "should be a number but is " + node);
            }
            return node.asDouble();
        }

        private boolean requiredBoolean(String name) {
            JsonNode node = required(name);
            if (!node.isBoolean()) {
                throw invalid(name, "should be true or false but is " + node);
            }
            return node.asBoolean();
        }

        private String requiredString(String name) {
            JsonNode node = required(name);
            if (!node.isString()) {
                throw invalid(name, "should be a string but is " + node);
            }
            return node.asString();
        }

        private IllegalArgumentException invalid(String field, String problem) {
            return new IllegalArgumentException("Model config " + source + ": field '" + field + "' " + problem);
        }
    }
}
