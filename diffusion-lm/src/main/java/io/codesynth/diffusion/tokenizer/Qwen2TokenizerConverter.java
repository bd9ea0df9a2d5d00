package io.codesynth.diffusion.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code tokenizer.json} of a Qwen2 byte-level BPE tokenizer from the files of its "slow" form,
 * which checkpoints such as DiffuCoder ship instead: {@code vocab.json} (token to id), {@code merges.txt}
 * (one merge per line, by priority), {@code added_tokens.json} (content to id) and, when present,
 * {@code tokenizer_config.json} (whose {@code added_tokens_decoder} says which added tokens are special).
 *
 * <p>The pipeline is the one transformers' Qwen2 converter writes: NFC normalisation; a Split pre-tokenizer
 * with Qwen2's regex (contractions, letter runs with one leading non-letter, single digits, punctuation runs,
 * newline runs, whitespace) followed by ByteLevel without its own regex; BPE without unknown token or
 * prefix/suffix; ByteLevel decoding. Without {@code tokenizer_config.json} every added token is special.
 */
public final class Qwen2TokenizerConverter {

    /** The pre-tokenizer regex of Qwen2 (and Qwen2.5, Qwen3). */
    public static final String QWEN2_PRE_TOKENIZER_REGEX =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Qwen2TokenizerConverter() {
    }

    /** True when {@code dir} has the files a conversion needs ({@code vocab.json} and {@code merges.txt}). */
    public static boolean canConvert(Path dir) {
        return Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt"));
    }

    /** The {@code tokenizer.json} text equivalent to the slow tokenizer files in {@code dir}. */
    public static String convert(Path dir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", addedTokens(dir));
        root.putObject("normalizer").put("type", "NFC");

        ObjectNode preTokenizer = root.putObject("pre_tokenizer");
        preTokenizer.put("type", "Sequence");
        ArrayNode steps = preTokenizer.putArray("pretokenizers");
        ObjectNode split = steps.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", QWEN2_PRE_TOKENIZER_REGEX);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        steps.add(byteLevel());
        root.set("post_processor", byteLevel());
        root.set("decoder", byteLevel());

        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        model.set("vocab", vocabulary(dir));
        model.set("merges", merges(dir));
        return JSON.writeValueAsString(root);
    }

    /** Converts and writes the result to {@code target}; returns {@code target}. */
    public static Path writeTokenizerJson(Path dir, Path target) {
        String json = convert(dir);
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(target, json);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    /** ByteLevel without prefix space, offset trimming or its own regex (the Split step already split). */
    private static ObjectNode byteLevel() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", false);
        node.put("use_regex", false);
        return node;
    }

    private static JsonNode vocabulary(Path dir) {
        JsonNode vocab = readJson(dir.resolve("vocab.json"));
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw new IllegalArgumentException(dir.resolve("vocab.json") + " is not a non-empty object of token to id");
        }
        return vocab;
    }

    /** merges.txt: an optional {@code #version} line, then "left right" per line; byte-level tokens hold no spaces. */
    private static ArrayNode merges(Path dir) {
        Path file = dir.resolve("merges.txt");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        ArrayNode merges = JSON.createArrayNode();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not two tokens separated by one space: '" + line + "'");
            }
            merges.addArray().add(line.substring(0, space)).add(line.substring(space + 1));
        }
        return merges;
    }

    /**
     * Added tokens by id: the flags of {@code tokenizer_config.json}'s {@code added_tokens_decoder} where it
     * lists them, else special, never normalised or stripped (how Qwen2 declares its control tokens).
     */
    private static ArrayNode addedTokens(Path dir) {
        Map<Integer, ObjectNode> byId = new TreeMap<>();
        Path config = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(config)) {
            JsonNode decoder = readJson(config).path("added_tokens_decoder");
            for (Map.Entry<String, JsonNode> entry : decoder.properties()) {
                int id = Integer.parseInt(entry.getKey());
                JsonNode flags = entry.getValue();
                byId.put(id, addedToken(id, flags.path("content").asString(),
                        flags.path("single_word").asBoolean(false), flags.path("lstrip").asBoolean(false),
                        flags.path("rstrip").asBoolean(false), flags.path("normalized").asBoolean(false),
                        flags.path("special").asBoolean(true)));
            }
        }
        Path added = dir.resolve("added_tokens.json");
        if (Files.isRegularFile(added)) {
            for (Map.Entry<String, JsonNode> entry : readJson(added).properties()) {
                int id = entry.getValue().asInt();
                byId.putIfAbsent(id, addedToken(id, entry.getKey(), false, false, false, false, true));
            }
        }
        ArrayNode tokens = JSON.createArrayNode();
        byId.values().forEach(tokens::add);
        return tokens;
    }

    private static ObjectNode addedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
            boolean normalized, boolean special) {
        ObjectNode token = JSON.createObjectNode();
        token.put("id", id);
        token.put("content", content);
        token.put("single_word", singleWord);
        token.put("lstrip", lstrip);
        token.put("rstrip", rstrip);
        token.put("normalized", normalized);
        token.put("special", special);
        return token;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
