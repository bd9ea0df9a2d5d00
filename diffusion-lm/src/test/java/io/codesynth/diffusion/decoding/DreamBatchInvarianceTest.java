package io.codesynth.diffusion.decoding;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.codesynth.diffusion.model.DreamModel;
import io.codesynth.diffusion.model.ModelOptions;
import io.codesynth.diffusion.testing.TinyDreamCheckpoint;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch-versus-single invariance on a real forward pass: a tiny random Dream checkpoint (safetensors,
 * config.json, tokenizer) written by the test and loaded like a real one; prompts of different lengths, so
 * the batch is left-padded and the model must honour the attention mask and position ids.
 */
class DreamBatchInvarianceTest {

    @TempDir
    static Path checkpoint;

    private static NDManager manager;
    private static DreamModel model;
    private static ModelTokenizer tokenizer;
    private static DiffusionDecoder decoder;

    @BeforeAll
    static void loadCheckpoint() {
        TinyDreamCheckpoint.write(checkpoint);
        model = DreamModel.load(checkpoint, ModelOptions.defaults().withDevice(Device.cpu()));
        tokenizer = ModelTokenizer.load(checkpoint);
        manager = NDManager.newBaseManager(Device.cpu());
        // no stop ids: compare whole canvases, not just what precedes the random model's first stop token
        DecoderSettings settings = DecoderSettings.forModel(model.config(), tokenizer.idCount(), Set.of())
                .withStopTokenIds(Set.of());
        decoder = new DiffusionDecoder(model, settings, ids -> tokenizer.decode(Arrays.stream(ids).asLongStream().toArray()));
    }

    @AfterAll
    static void close() {
        manager.close();
        model.close();
        tokenizer.close();
    }

    private static int[] prompt(String text) {
        return Arrays.stream(tokenizer.encode(text)).mapToInt(Math::toIntExact).toArray();
    }

    private static List<DecodeRequest> requests() {
        DecodingOptions greedy = DecodingOptions.defaults().toBuilder().maxNewTokens(24).steps(24).temperature(0).topP(1)
                .build();
        return List.of(
                new DecodeRequest(prompt("def f():"), greedy, 1),
                new DecodeRequest(prompt("x = 1\ny = 2\nprint(x + y)\n"), greedy.toBuilder()
                        .algorithm(UnmaskingAlgorithm.MASKGIT_PLUS).steps(12).build(), 1),
                new DecodeRequest(prompt("return"), greedy.toBuilder().algorithm(UnmaskingAlgorithm.TOPK_MARGIN)
                        .blockLength(8).steps(12).build(), 1),
                new DecodeRequest(prompt("def add(a, b):\n    return a + b\n"), greedy.toBuilder().threshold(0.5).build(), 1),
                new DecodeRequest(prompt("in print"), greedy.toBuilder().temperature(0.8).topP(0.95).seed(7).build(), 2),
                new DecodeRequest(prompt("def g(): return 0"), greedy.toBuilder().algorithm(UnmaskingAlgorithm.ORIGIN)
                        .temperature(1).seed(8).build(), 2));
    }

    @Test
    void batchedRowsDecodeExactlyAsTheyDoAlone() {
        List<DecodeRequest> requests = requests();
        assertThat(requests.stream().mapToInt(r -> r.promptIds().length).distinct().count()).isGreaterThan(3);

        DecodeResult batch = decoder.decode(manager, requests);

        assertThat(batch.meanBatchSize()).isGreaterThan(4);
        assertThat(batch.candidates().stream().flatMap(List::stream)).allMatch(c -> c.tokenIds().size() == 24);
        for (int r = 0; r < requests.size(); r++) {
            List<DecodedCandidate> alone = decoder.decode(manager, List.of(requests.get(r))).candidates().get(0);
            assertThat(batch.candidates().get(r))
                    .as("request %d", r)
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("requestIndex", "meanConfidence", "logProbability")
                    .containsExactlyElementsOf(alone);
            for (int s = 0; s < alone.size(); s++) {
                assertThat(batch.candidates().get(r).get(s).meanConfidence())
                        .isCloseTo(alone.get(s).meanConfidence(), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void neverEmitsIdsTheTokenizerLacksNorTheMask() {
        DecodeResult result = decoder.decode(manager, requests());

        assertThat(result.candidates().stream().flatMap(List::stream).flatMap(c -> c.tokenIds().stream()))
                .isNotEmpty()
                .allMatch(id -> id < TinyDreamCheckpoint.TOKENIZER_IDS && id != TinyDreamCheckpoint.MASK);
    }
}
