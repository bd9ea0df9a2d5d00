package io.codesynth.diffusion.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tokenizer of a checkpoint: DJL's {@link HuggingFaceTokenizer} (the Rust {@code tokenizers} library)
 * on a local {@code tokenizer.json}, which needs no network. A checkpoint that ships only the slow-tokenizer
 * files is converted in memory by {@link Qwen2TokenizerConverter}.
 *
 * <p>Encoding adds no special tokens unless asked: prompts are built with their control tokens spelled out
 * ({@code <|im_start|>} and so on), which the tokenizer matches as added tokens. Thread-safe.
 */
public final class ModelTokenizer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> ids;
    private final Map<String, Integer> specialTokens;
    private final int idCount;

    private ModelTokenizer(String tokenizerJson, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(tokenizerJson);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Tokenizer " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, Integer> all = new HashMap<>();
        root.path("model").path("vocab").properties().forEach(e -> all.put(e.getKey(), e.getValue().asInt()));
        Map<String, Integer> specials = new LinkedHashMap<>();
        for (JsonNode token : root.path("added_tokens")) {
            all.put(token.path("content").asString(), token.path("id").asInt());
            if (token.path("special").asBoolean(false)) {
                specials.put(token.path("content").asString(), token.path("id").asInt());
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("Tokenizer " + source + " has no vocabulary");
        }
        this.ids = Collections.unmodifiableMap(all);
        this.specialTokens = Collections.unmodifiableMap(specials);
        this.idCount = all.values().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        try {
            this.tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)), options());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load tokenizer " + source, e);
        }
        checkAddedTokenIds(root, source);
    }

    /**
     * The tokenizers library renumbers added tokens whose ids leave a gap after the vocabulary (logging a
     * warning nobody reads); the model would then see other ids than its config names for
     * {@code <|mask|>} and the rest. Refuse such a tokenizer instead.
     */
    private void checkAddedTokenIds(JsonNode root, String source) {
        for (JsonNode token : root.path("added_tokens")) {
            String content = token.path("content").asString();
            long declared = token.path("id").asLong();
            long[] encoded = encode(content);
            if (encoded.length != 1 || encoded[0] != declared) {
                close();
                throw new IllegalArgumentException("Tokenizer " + source + ": added token " + content + " is declared as id "
                        + declared + " but encodes to " + java.util.Arrays.toString(encoded)
                        + " (added token ids must continue the vocabulary without gaps)");
            }
        }
    }

    /**
     * The tokenizer of a checkpoint directory: its {@code tokenizer.json}, or else one converted from
     * {@code vocab.json} + {@code merges.txt} + {@code added_tokens.json} (+ {@code tokenizer_config.json}).
     */
    public static ModelTokenizer load(Path checkpointDir) {
        Path tokenizerJson = checkpointDir.resolve("tokenizer.json");
        if (Files.isRegularFile(tokenizerJson)) {
            return fromTokenizerJson(tokenizerJson);
        }
        if (Qwen2TokenizerConverter.canConvert(checkpointDir)) {
            return new ModelTokenizer(Qwen2TokenizerConverter.convert(checkpointDir), checkpointDir + " (converted from vocab.json + merges.txt)");
        }
        throw new IllegalArgumentException("Checkpoint " + checkpointDir
                + " has no tokenizer: neither tokenizer.json nor vocab.json + merges.txt");
    }

    /** The tokenizer described by one {@code tokenizer.json} file. */
    public static ModelTokenizer fromTokenizerJson(Path tokenizerJson) {
        try {
            return new ModelTokenizer(Files.readString(tokenizerJson), tokenizerJson.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tokenizer " + tokenizerJson, e);
        }
    }

    /** Token ids of {@code text}, adding no special tokens. */
    public long[] encode(String text) {
        return encode(text, false);
    }

    /** Token ids of {@code text}, with the tokenizer's own special tokens around it if {@code addSpecialTokens}. */
    public long[] encode(String text, boolean addSpecialTokens) {
        return tokenizer.encode(text, addSpecialTokens, false).getIds();
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(long[] ids) {
        return decode(ids, false);
    }

    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /**
     * One more than the largest id the tokenizer knows. A model's vocabulary may be larger (DiffuCoder's
     * logits have 152064 rows); ids at or above this must never be emitted.
     */
    public int idCount() {
        return idCount;
    }

    /** The id of a vocabulary entry or added token, spelled as in {@code tokenizer.json} (byte-level form for BPE entries). */
    public OptionalInt tokenId(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Added tokens marked special ({@code <|im_start|>}, {@code <|mask|>}, ...), by content. */
    public Map<String, Integer> specialTokens() {
        return specialTokens;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Never truncate or pad: canvases are built and padded by the caller. */
    private static Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", "false");
        options.put("truncation", "false");
        options.put("padding", "false");
        return options;
    }
}
