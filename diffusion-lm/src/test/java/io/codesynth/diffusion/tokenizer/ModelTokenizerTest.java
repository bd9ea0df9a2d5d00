package io.codesynth.diffusion.tokenizer;

import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.DLM_PAD;
import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.IM_END;
import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.IM_START;
import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.MASK;
import static io.codesynth.diffusion.testing.TinyDreamCheckpoint.TOKENIZER_IDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.diffusion.testing.CodeSnippets;
import io.codesynth.diffusion.testing.TinyDreamCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer wrapper on the tiny checkpoint's byte-level BPE tokenizer (offline). */
class ModelTokenizerTest {

    @TempDir
    static Path tmp;

    private static Path checkpoint;

    @BeforeAll
    static void writeCheckpoint() {
        checkpoint = TinyDreamCheckpoint.write(tmp.resolve("tiny"));
    }

    @Test
    void encodesMergesAndSpecialTokensAndDecodesBack() {
        try (ModelTokenizer tokenizer = ModelTokenizer.load(checkpoint)) {
            long[] ids = tokenizer.encode("<|im_start|>user\n def f():\n    return 1<|im_end|><|mask|><|dlm_pad|>");
            assertThat(ids[0]).isEqualTo(IM_START);
            assertThat(ids).contains(tokenizer.tokenId("Ġdef").orElseThrow(), tokenizer.tokenId("Ġreturn").orElseThrow());
            assertThat(ids).endsWith(IM_END, MASK, DLM_PAD);
            assertThat(tokenizer.decode(ids)).isEqualTo("<|im_start|>user\n def f():\n    return 1<|im_end|><|mask|><|dlm_pad|>");
            assertThat(tokenizer.decode(ids, true)).isEqualTo("user\n def f():\n    return 1");
        }
    }

    @Test
    void everySnippetRoundTripsAndNothingIsTruncated() {
        try (ModelTokenizer tokenizer = ModelTokenizer.load(checkpoint)) {
            for (String snippet : CodeSnippets.all()) {
                String nfc = java.text.Normalizer.normalize(snippet, java.text.Normalizer.Form.NFC);
                assertThat(tokenizer.decode(tokenizer.encode(snippet))).isEqualTo(nfc);
            }
            String longText = "x = 1\n".repeat(1000);
            assertThat(tokenizer.encode(longText).length).isGreaterThan(2000);
            assertThat(tokenizer.encode("a", true)).containsExactly(tokenizer.tokenId("a").orElseThrow());
        }
    }

    @Test
    void reportsIdsSpecialTokensAndTheIdRange() {
        try (ModelTokenizer tokenizer = ModelTokenizer.load(checkpoint)) {
            assertThat(tokenizer.idCount()).isEqualTo(TOKENIZER_IDS).isLessThan(TinyDreamCheckpoint.VOCAB);
            assertThat(tokenizer.tokenId("<|mask|>")).hasValue(MASK);
            assertThat(tokenizer.tokenId("no such token")).isEmpty();
            assertThat(tokenizer.specialTokens()).containsEntry("<|im_end|>", IM_END).hasSize(5);
        }
    }

    @Test
    void checkpointWithoutTokenizerJsonIsConvertedOnLoad() throws IOException {
        Path slowOnly = Files.createDirectories(tmp.resolve("slow-only"));
        for (String file : new String[] {"vocab.json", "merges.txt", "added_tokens.json"}) {
            Files.copy(checkpoint.resolve(file), slowOnly.resolve(file));
        }
        try (ModelTokenizer converted = ModelTokenizer.load(slowOnly);
                ModelTokenizer fromJson = ModelTokenizer.fromTokenizerJson(checkpoint.resolve("tokenizer.json"))) {
            for (String snippet : CodeSnippets.all()) {
                assertThat(converted.encode(snippet)).containsExactly(fromJson.encode(snippet));
            }
        }
    }

    @Test
    void checkpointWithoutAnyTokenizerFilesIsReported() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModelTokenizer.load(empty))
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("neither tokenizer.json nor vocab.json + merges.txt");
    }

    @Test
    void addedTokenIdsWithAGapAfterTheVocabularyAreRefused() throws IOException {
        Path gap = Files.createDirectories(tmp.resolve("gap"));
        Files.writeString(gap.resolve("vocab.json"), "{\"a\": 0, \"b\": 1}");
        Files.writeString(gap.resolve("merges.txt"), "#version: 0.2\n");
        Files.writeString(gap.resolve("added_tokens.json"), "{\"<|mask|>\": 5}");
        assertThatThrownBy(() -> ModelTokenizer.load(gap))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("added token <|mask|> is declared as id 5 but encodes to [2]");
    }

    @Test
    void malformedMergesLineIsReportedWithItsNumber() throws IOException {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(checkpoint.resolve("vocab.json"), broken.resolve("vocab.json"));
        Files.writeString(broken.resolve("merges.txt"), "#version: 0.2\nd e\nthree parts here\n");
        assertThatThrownBy(() -> Qwen2TokenizerConverter.convert(broken))
                .hasMessageContaining("merges.txt line 3 is not two tokens separated by one space");
    }
}
