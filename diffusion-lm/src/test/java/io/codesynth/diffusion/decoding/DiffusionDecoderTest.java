package io.codesynth.diffusion.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Decoding behaviour on {@link CountingModel}, whose greedy answer is known: count up from the prompt's last token. */
class DiffusionDecoderTest {

    static final Detokenizer JOIN = ids -> Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    static final DecoderSettings SETTINGS = new DecoderSettings(CountingModel.TOKENIZER_VOCABULARY,
            Set.of(CountingModel.EOS), 16, 4096);
    static final DecodingOptions GREEDY_16 = DecodingOptions.defaults().toBuilder()
            .algorithm(UnmaskingAlgorithm.MASKGIT_PLUS).maxNewTokens(16).steps(16).temperature(0).topP(1).build();

    private static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

    @ParameterizedTest
    @EnumSource(UnmaskingAlgorithm.class)
    void greedyDecodingCountsUpFromThePrompt(UnmaskingAlgorithm algorithm) {
        DecodedCandidate candidate = decodeOne(new CountingModel(), new int[] {3, 7},
                GREEDY_16.toBuilder().algorithm(algorithm).build());

        assertThat(candidate.tokenIds()).containsExactlyElementsOf(countingFrom(7, 16));
        assertThat(candidate.text()).startsWith("8 9 10 11");
        assertThat(candidate.stopped()).isFalse();
        assertThat(candidate.meanConfidence()).isBetween(0.0, 1.0);
        assertThat(candidate.logProbability()).isNegative().isFinite();
    }

    @Test
    void oneTokenPerStepSkipsTheEmptyFirstStepAndRevealsTwoLast() {
        DecodedCandidate candidate = decodeOne(new CountingModel(), new int[] {3}, GREEDY_16);

        // schedule 0, 1 x 14, 2: the first step reveals nothing and costs no forward pass
        assertThat(candidate.forwardPasses()).isEqualTo(15);
        List<Integer> expected = new ArrayList<>(IntStream.range(0, 15).boxed().toList());
        expected.add(14);
        assertThat(candidate.revealSteps()).containsExactlyElementsOf(expected);
        // each revealed token had probability e^8 / (e^8 + e^4 + 38): the model's d = 1 confidence
        double p = Math.exp(8) / (Math.exp(8) + Math.exp(4) + 38);
        assertThat(candidate.meanConfidence()).isLessThanOrEqualTo(p + 1e-6).isGreaterThan(0.5);
    }

    @Test
    void moreStepsThanTokensNeverSpendsAForwardPassOnNothing() {
        DecodedCandidate candidate = decodeOne(new CountingModel(), new int[] {3}, GREEDY_16.toBuilder().steps(64).build());

        int[] counts = new RevealSchedule(64, 1e-3).revealCounts(16);
        assertThat(counts).contains(0);
        assertThat(candidate.forwardPasses()).isEqualTo((int) Arrays.stream(counts).filter(k -> k > 0).count());
        assertThat(candidate.tokenIds()).containsExactlyElementsOf(countingFrom(3, 16));
    }

    @Test
    void outputIsCutAtTheFirstStopToken() {
        CountingModel model = new CountingModel(new CountingModel.Quirks(2 + 5, false, false));
        DecodedCandidate candidate = decodeOne(model, new int[] {3, 4}, GREEDY_16);

        assertThat(candidate.tokenIds()).containsExactly(5, 6, 7, 8, 9);
        assertThat(candidate.revealSteps()).hasSize(5);
        assertThat(candidate.text()).isEqualTo("5 6 7 8 9");
        assertThat(candidate.stopped()).isTrue();
    }

    @Test
    void neverEmitsTheMaskIdOrIdsTheTokenizerLacks() {
        CountingModel model = new CountingModel(new CountingModel.Quirks(-1, true, false));

        DecodedCandidate greedy = decodeOne(model, new int[] {3}, GREEDY_16);
        DecodedCandidate sampled = decodeOne(model, new int[] {3}, GREEDY_16.toBuilder().temperature(1.5).seed(9).build());

        assertThat(greedy.tokenIds()).containsExactlyElementsOf(countingFrom(3, 16));
        assertThat(sampled.tokenIds()).allMatch(id -> id < CountingModel.TOKENIZER_VOCABULARY && id != CountingModel.MASK);
    }

    @Test
    void theSameSeedGivesTheSameCandidateAndSamplesDiffer() {
        DecodingOptions sampling = GREEDY_16.toBuilder().algorithm(UnmaskingAlgorithm.ENTROPY).temperature(1.5).topP(0.95)
                .seed(42).build();
        DecodeRequest request = new DecodeRequest(new int[] {3}, sampling, 4);
        CountingModel model = new CountingModel();

        List<DecodedCandidate> first = decoder(model, SETTINGS).decode(manager, List.of(request)).candidates().get(0);
        List<DecodedCandidate> second = decoder(model, SETTINGS).decode(manager, List.of(request)).candidates().get(0);
        List<DecodedCandidate> otherSeed = decoder(model, SETTINGS).decode(manager,
                List.of(new DecodeRequest(new int[] {3}, sampling.toBuilder().seed(43).build(), 4))).candidates().get(0);

        assertThat(second).isEqualTo(first);
        assertThat(first.stream().map(DecodedCandidate::tokenIds).distinct()).hasSizeGreaterThan(1);
        assertThat(otherSeed.stream().map(DecodedCandidate::tokenIds).toList())
                .isNotEqualTo(first.stream().map(DecodedCandidate::tokenIds).toList());
        assertThat(first).extracting(DecodedCandidate::seed).doesNotHaveDuplicates();
    }

    @Test
    void blocksAreDecodedLeftToRightWithTheStepsSplitEvenly() {
        // 16 positions in 4 blocks, 8 steps: 2 per block, each block revealing 1 then 3 (linspace(1, eps, 3))
        DecodingOptions blocks = GREEDY_16.toBuilder().algorithm(UnmaskingAlgorithm.ENTROPY).blockLength(4).steps(8).build();
        DecodedCandidate candidate = decodeOne(new CountingModel(), new int[] {3}, blocks);

        assertThat(candidate.forwardPasses()).isEqualTo(8);
        assertThat(candidate.tokenIds()).containsExactlyElementsOf(countingFrom(3, 16));
        assertThat(candidate.revealSteps()).containsExactly(0, 1, 1, 1, 2, 3, 3, 3, 4, 5, 5, 5, 6, 7, 7, 7);
    }

    @Test
    void blocksOnlyEverRevealTheirOwnPositions() {
        // origin reveals positions in random order; blocks must still finish left to right
        DecodingOptions blocks = GREEDY_16.toBuilder().algorithm(UnmaskingAlgorithm.ORIGIN).temperature(1).blockLength(4)
                .steps(8).seed(5).build();
        DecodedCandidate candidate = decodeOne(new CountingModel(), new int[] {3}, blocks);

        List<Integer> steps = candidate.revealSteps();
        for (int block = 1; block < 4; block++) {
            int lastOfPrevious = steps.subList((block - 1) * 4, block * 4).stream().max(Integer::compare).orElseThrow();
            int firstOfThis = steps.subList(block * 4, block * 4 + 4).stream().min(Integer::compare).orElseThrow();
            assertThat(firstOfThis).isGreaterThan(lastOfPrevious);
        }
    }

    @Test
    void thresholdOneRevealsOnePositionPerStep() {
        DecodedCandidate candidate = decodeOne(new CountingModel(), new int[] {3},
                GREEDY_16.toBuilder().threshold(1.0).build());

        assertThat(candidate.forwardPasses()).isEqualTo(16);
        assertThat(candidate.revealSteps()).containsExactlyElementsOf(IntStream.range(0, 16).boxed().toList());
        assertThat(candidate.tokenIds()).containsExactlyElementsOf(countingFrom(3, 16));
    }

    @Test
    void aLowerThresholdRevealsMorePerStepSoTheStepCountFollowsTheModel() {
        // the model's probabilities: 0.97 next to revealed text, 0.55 two away, 0.26 three away, less further
        int at09 = decodeOne(new CountingModel(), new int[] {3}, GREEDY_16.toBuilder().threshold(0.9).build()).forwardPasses();
        int at05 = decodeOne(new CountingModel(), new int[] {3}, GREEDY_16.toBuilder().threshold(0.5).build()).forwardPasses();
        DecodedCandidate at02 = decodeOne(new CountingModel(), new int[] {3}, GREEDY_16.toBuilder().threshold(0.2).build());

        assertThat(at09).isEqualTo(16);
        assertThat(at05).isEqualTo(8);
        assertThat(at02.forwardPasses()).isEqualTo(6);
        assertThat(at02.revealSteps()).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5);
        assertThat(at02.tokenIds()).containsExactlyElementsOf(countingFrom(3, 16));
    }

    @Test
    void thresholdWithBlocksStaysInsideTheCurrentBlock() {
        DecodedCandidate candidate = decodeOne(new CountingModel(), new int[] {3},
                GREEDY_16.toBuilder().threshold(0.2).blockLength(4).build());

        // per block: three positions clear 0.2 in the first step, the fourth follows
        assertThat(candidate.revealSteps()).containsExactly(0, 0, 0, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 6, 6, 7);
        assertThat(candidate.forwardPasses()).isEqualTo(8);
    }

    @Test
    void algTempDrawsPositionsAtRandomButReproducibly() {
        DecodingOptions options = GREEDY_16.toBuilder().algorithm(UnmaskingAlgorithm.ENTROPY).algTemp(5).steps(8).seed(3).build();

        DecodedCandidate first = decodeOne(new CountingModel(), new int[] {3}, options);
        DecodedCandidate again = decodeOne(new CountingModel(), new int[] {3}, options);

        assertThat(again).isEqualTo(first);
        assertThat(first.forwardPasses()).isEqualTo(8);
        assertThat(first.revealSteps()).isNotEqualTo(List.copyOf(first.revealSteps()).stream().sorted().toList());
    }

    @Test
    void aCancelledDecodeStopsBetweenForwardPassesWithoutAResult() {
        CountingModel model = new CountingModel();
        DecodeRequest request = new DecodeRequest(new int[] {3}, GREEDY_16, 2);

        assertThatThrownBy(() -> decoder(model, SETTINGS).decode(manager, List.of(request), () -> model.forwards() >= 3))
                .isInstanceOfSatisfying(DecodingCancelledException.class, e -> assertThat(e.modelForwards()).isEqualTo(3))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(model.forwards()).isEqualTo(3);
    }

    @Test
    void aDecodeCancelledBeforeItsFirstStepRunsNoForwardPass() {
        CountingModel model = new CountingModel();

        assertThatThrownBy(() -> decoder(model, SETTINGS).decode(manager,
                List.of(new DecodeRequest(new int[] {3}, GREEDY_16, 1)), () -> true))
                .isInstanceOf(DecodingCancelledException.class)
                .hasMessage("decoding was cancelled after 0 forward passes");
        assertThat(model.forwards()).isZero();
    }

    @Test
    void rejectsCanvasesLongerThanTheModelsContext() {
        DiffusionDecoder decoder = decoder(new CountingModel(), SETTINGS);
        DecodeRequest tooLong = new DecodeRequest(new int[4000], GREEDY_16.toBuilder().maxNewTokens(128).steps(128).build(), 1);

        assertThatThrownBy(() -> decoder.validate(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4000 tokens plus 128 new tokens exceeds the model's context of 4096");
    }

    static DiffusionDecoder decoder(CountingModel model, DecoderSettings settings) {
        return new DiffusionDecoder(model, settings, JOIN);
    }

    static DecodedCandidate decodeOne(CountingModel model, int[] prompt, DecodingOptions options) {
        return decoder(model, SETTINGS).decode(manager, List.of(new DecodeRequest(prompt, options, 1))).candidates().get(0).get(0);
    }

    /** {@code count} tokens continuing the model's count after {@code last}. */
    static List<Integer> countingFrom(int last, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(k -> (last + k) % 20).toList();
    }
}
