package io.codesynth.diffusion.decoding;

import static io.codesynth.diffusion.decoding.DiffusionDecoderTest.GREEDY_16;
import static io.codesynth.diffusion.decoding.DiffusionDecoderTest.SETTINGS;
import static io.codesynth.diffusion.decoding.DiffusionDecoderTest.decoder;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rows decoded together give what each gives alone: left padding, own random streams, own schedules. */
class BatchDecodingTest {

    private static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

    /** Prompts of different lengths, every algorithm and mode, greedy and seeded sampling. */
    static List<DecodeRequest> mixedRequests() {
        DecodingOptions base = GREEDY_16;
        return List.of(
                new DecodeRequest(new int[] {3}, base.toBuilder().algorithm(UnmaskingAlgorithm.ENTROPY).build(), 2),
                new DecodeRequest(new int[] {1, 2, 3, 4, 5, 6}, base.toBuilder().temperature(0.8).seed(11).build(), 3),
                new DecodeRequest(new int[] {9, 9, 9}, base.toBuilder().algorithm(UnmaskingAlgorithm.ORIGIN)
                        .temperature(1).seed(12).build(), 2),
                new DecodeRequest(new int[] {4, 5}, base.toBuilder().algorithm(UnmaskingAlgorithm.TOPK_MARGIN)
                        .temperature(1.2).topP(0.9).topK(5).algTemp(0.5).steps(8).seed(13).build(), 2),
                new DecodeRequest(new int[] {7, 1, 2, 8, 3, 0, 5, 5, 5, 5}, base.toBuilder().algorithm(UnmaskingAlgorithm.ENTROPY)
                        .maxNewTokens(8).steps(4).blockLength(4).build(), 1),
                new DecodeRequest(new int[] {2, 2}, base.toBuilder().threshold(0.5).temperature(0.5).seed(14).build(), 2),
                new DecodeRequest(new int[] {6}, base.toBuilder().threshold(0.2).blockLength(8).build(), 1));
    }

    @Test
    void aBatchDecodesEveryRowAsItWouldBeDecodedAlone() {
        List<DecodeRequest> requests = mixedRequests();
        CountingModel batchModel = new CountingModel();

        DecodeResult batch = decoder(batchModel, SETTINGS).decode(manager, requests);

        for (int r = 0; r < requests.size(); r++) {
            DecodeRequest request = requests.get(r);
            List<DecodedCandidate> alone = decoder(new CountingModel(), SETTINGS).decode(manager, List.of(request))
                    .candidates().get(0);
            assertThat(batch.candidates().get(r))
                    .as("request %d", r)
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("requestIndex")
                    .containsExactlyElementsOf(alone);
        }
        assertThat(batchModel.paddedForwards()).isPositive();
        assertThat(batch.meanBatchSize()).isGreaterThan(5);
        assertThat(batch.modelForwards()).isEqualTo(batchModel.forwards());
    }

    @Test
    void batchLimitsChangeTheBatchesButNotTheCandidates() {
        List<DecodeRequest> requests = mixedRequests();

        DecodeResult wide = decoder(new CountingModel(), SETTINGS).decode(manager, requests);
        DecodeResult bySequences = decoder(new CountingModel(), SETTINGS.withBatchLimits(3, 4096)).decode(manager, requests);
        DecodeResult byTokens = decoder(new CountingModel(), SETTINGS.withBatchLimits(16, 40)).decode(manager, requests);

        assertThat(bySequences.candidates()).isEqualTo(wide.candidates());
        assertThat(byTokens.candidates()).isEqualTo(wide.candidates());
        assertThat(bySequences.meanBatchSize()).isLessThanOrEqualTo(3);
        assertThat(byTokens.meanBatchSize()).isLessThanOrEqualTo(2);
        assertThat(bySequences.modelForwards()).isGreaterThan(wide.modelForwards());
        assertThat(bySequences.rowForwards()).isEqualTo(wide.rowForwards());
    }

    @Test
    void nanLogitsOnPaddingDoNotReachAnyRow() {
        List<DecodeRequest> requests = mixedRequests();
        CountingModel nanOnPads = new CountingModel(new CountingModel.Quirks(-1, false, true));

        DecodeResult withNaN = decoder(nanOnPads, SETTINGS).decode(manager, requests);
        DecodeResult clean = decoder(new CountingModel(), SETTINGS).decode(manager, requests);

        assertThat(withNaN.candidates()).isEqualTo(clean.candidates());
        assertThat(withNaN.candidates().stream().flatMap(List::stream))
                .allSatisfy(c -> assertThat(c.meanConfidence()).isBetween(0.0, 1.0));
    }

    @Test
    void resultsKeepRequestAndSampleOrder() {
        List<DecodeRequest> requests = mixedRequests();

        DecodeResult result = decoder(new CountingModel(), SETTINGS).decode(manager, requests);

        assertThat(result.candidates()).hasSize(requests.size());
        for (int r = 0; r < requests.size(); r++) {
            assertThat(result.candidates().get(r)).hasSize(requests.get(r).samples());
            for (int s = 0; s < requests.get(r).samples(); s++) {
                DecodedCandidate candidate = result.candidates().get(r).get(s);
                assertThat(candidate.requestIndex()).isEqualTo(r);
                assertThat(candidate.sampleIndex()).isEqualTo(s);
                assertThat(candidate.seed()).isEqualTo(requests.get(r).options().sampleSeed(s));
            }
        }
        assertThat(result.generatedPositions()).isEqualTo(2 * 16 + 3 * 16 + 2 * 16 + 2 * 16 + 8 + 2 * 16 + 16);
    }
}
