package io.codesynth.diffusion.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.codesynth.diffusion.decoding.TokenScorer.SamplingParams;
import io.codesynth.diffusion.decoding.TokenScorer.Scores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Confidences and filters on hand-made distributions: logits = ln p, so softmax gives p back. */
class TokenScorerTest {

    private static final SamplingParams GREEDY = new SamplingParams(0, 1, 0);
    private static final float[] P = {0.1f, 0.5f, 0.25f, 0.15f};

    private static NDManager manager;
    private final TokenScorer scorer = new TokenScorer(4);

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

    @Test
    void maskgitPlusConfidenceIsTheChosenTokensProbability() {
        Scores scores = scorer.score(logits(P, new float[] {0.7f, 0.2f, 0.1f, 0f}), GREEDY, null, false, false);

        assertThat(scores.tokens()).containsExactly(1, 0);
        assertThat(scores.probabilities()[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(scores.probabilities()[1]).isCloseTo(0.7f, within(1e-6f));
    }

    @Test
    void topkMarginIsTopOneMinusTopTwo() {
        Scores scores = scorer.score(logits(P, new float[] {0.4f, 0.35f, 0.2f, 0.05f}), GREEDY, null, true, false);

        assertThat(scores.margins()[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(scores.margins()[1]).isCloseTo(0.05f, within(1e-6f));
    }

    @Test
    void entropyConfidenceIsNegativeEntropy() {
        float[] uniform = {0.25f, 0.25f, 0.25f, 0.25f};
        float[] certain = {1f, 0f, 0f, 0f};
        Scores scores = scorer.score(logits(P, uniform, certain), GREEDY, null, false, true);

        double expected = 0;
        for (float p : P) {
            expected += p * Math.log(p + 1e-10);
        }
        assertThat(scores.negativeEntropies()[0]).isCloseTo((float) expected, within(1e-5f));
        assertThat(scores.negativeEntropies()[1]).isCloseTo((float) Math.log(0.25), within(1e-5f));
        assertThat(scores.negativeEntropies()[2]).isCloseTo(0f, within(1e-6f));
        // the most certain position has the highest (least negative) confidence
        assertThat(scores.negativeEntropies()[2]).isGreaterThan(scores.negativeEntropies()[0]);
    }

    @Test
    void topPKeepsTheSmallestPrefixWhoseMassBeforeTheLastTokenIsWithinP() {
        // sorted: 0.5, 0.25, 0.15, 0.1; mass before each: 0, 0.5, 0.75, 0.9 -> with 0.7 keep 0.5 and 0.25
        float[][] filtered = scorer.filteredProbabilities(logits(P), new SamplingParams(0, 0.7, 0));

        assertThat(filtered[0]).containsExactly(new float[] {0f, 2f / 3, 1f / 3, 0f}, within(1e-6f));
    }

    @Test
    void topPAlwaysKeepsTheMostLikelyToken() {
        float[][] filtered = scorer.filteredProbabilities(logits(P), new SamplingParams(0, 0.01, 0));

        assertThat(filtered[0]).containsExactly(new float[] {0f, 1f, 0f, 0f}, within(1e-6f));
    }

    @Test
    void topKKeepsTheKMostLikely() {
        float[][] filtered = scorer.filteredProbabilities(logits(P), new SamplingParams(0, 1, 3));

        assertThat(filtered[0]).containsExactly(new float[] {0f, 0.5f / 0.9f, 0.25f / 0.9f, 0.15f / 0.9f}, within(1e-6f));
    }

    @Test
    void topPThenTopK() {
        // top-p 0.95 keeps all four (mass before the last is 0.9), top-k 2 then keeps 0.5 and 0.25
        float[][] filtered = scorer.filteredProbabilities(logits(P), new SamplingParams(0, 0.95, 2));

        assertThat(filtered[0]).containsExactly(new float[] {0f, 2f / 3, 1f / 3, 0f}, within(1e-6f));
    }

    @Test
    void temperatureSharpensBeforeFiltering() {
        float[][] filtered = scorer.filteredProbabilities(logits(P), new SamplingParams(0.5, 1, 0));

        double norm = 0.01 + 0.25 + 0.0625 + 0.0225;
        assertThat(filtered[0]).containsExactly(new float[] {(float) (0.01 / norm), (float) (0.25 / norm),
                (float) (0.0625 / norm), (float) (0.0225 / norm)}, within(1e-6f));
    }

    @Test
    void confidenceIsMeasuredOnTheFilteredDistribution() {
        Scores scores = scorer.score(logits(P), new SamplingParams(0, 0.7, 0), null, true, true);

        assertThat(scores.tokens()).containsExactly(1);
        assertThat(scores.probabilities()[0]).isCloseTo(2f / 3, within(1e-6f));
        assertThat(scores.margins()[0]).isCloseTo(1f / 3, within(1e-6f));
        double expected = (2.0 / 3) * Math.log(2.0 / 3) + (1.0 / 3) * Math.log(1.0 / 3);
        assertThat(scores.negativeEntropies()[0]).isCloseTo((float) expected, within(1e-5f));
    }

    @Test
    void samplingInvertsTheCumulativeDistribution() {
        // token order: 0.1 | 0.5 | 0.25 | 0.15 -> cumulative 0.1, 0.6, 0.85, 1.0
        NDArray four = logits(P, P, P, P);
        Scores scores = scorer.score(four, new SamplingParams(1, 1, 0), new float[] {0.05f, 0.3f, 0.7f, 1f}, false, false);

        assertThat(scores.tokens()).containsExactly(0, 1, 2, 3);
        assertThat(scores.probabilities()).containsExactly(new float[] {0.1f, 0.5f, 0.25f, 0.15f}, within(1e-6f));
    }

    @Test
    void samplingNeverPicksAFilteredToken() {
        float[] uniforms = new float[200];
        float[][] rows = new float[200][];
        for (int i = 0; i < uniforms.length; i++) {
            uniforms[i] = (i + 1) / 200f;
            rows[i] = P;
        }
        Scores scores = scorer.score(logits(rows), new SamplingParams(1, 0.7, 0), uniforms, false, false);

        assertThat(scores.tokens()).containsOnly(1, 2);
        // sorted order is 1 (2/3) then 2 (1/3): the first two thirds of the uniforms pick token 1
        assertThat(scores.tokens()[131]).isEqualTo(1);
        assertThat(scores.tokens()[136]).isEqualTo(2);
    }

    @Test
    void idsBeyondTheTokenizerAndTheMaskIdAreNeverChosen() {
        // 8 logit columns, the tokenizer knows 6 ids, id 2 is the mask; columns 7, 6 and 2 are the favourites
        TokenScorer restricted = new TokenScorer(6, 2);
        float[] row = {1f, 2f, 9f, 0f, 3f, 0.5f, 10f, 11f};
        NDArray batchLogits = manager.create(new float[][] {row, row}).reshape(new Shape(1, 2, 8));

        NDArray candidates = restricted.candidateLogits(batchLogits, new long[] {0, 1});
        assertThat(candidates.getShape()).isEqualTo(new Shape(2, 6));
        Scores greedy = restricted.score(candidates, GREEDY, null, false, false);
        assertThat(greedy.tokens()).containsExactly(4, 4);

        float[] uniforms = new float[100];
        for (int i = 0; i < uniforms.length; i++) {
            uniforms[i] = (i + 1) / 100f;
        }
        long[] rows = new long[100];
        Scores sampled = restricted.score(restricted.candidateLogits(batchLogits, rows),
                new SamplingParams(2, 1, 0), uniforms, false, false);
        assertThat(sampled.tokens()).doesNotContain(2, 6, 7).contains(0, 1, 3, 4, 5);
    }

    @Test
    void nanLogitsAreNeverChosen() {
        NDArray batchLogits = manager.create(new float[] {Float.NaN, 1f, 2f, 0f}).reshape(new Shape(1, 1, 4));

        Scores scores = scorer.score(scorer.candidateLogits(batchLogits, new long[] {0}), GREEDY, null, false, true);

        assertThat(scores.tokens()).containsExactly(2);
        assertThat(scores.probabilities()[0]).isBetween(0f, 1f);
        assertThat(scores.negativeEntropies()[0]).isNotNaN();
    }

    @Test
    void scoringInChunksGivesWhatScoringAtOnceGives() {
        float[][] rows = new float[10][];
        float[] uniforms = new float[10];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new float[] {r, 2f, 0.5f * r, 1f, -r, 3f - r};
            uniforms[r] = (r + 0.5f) / 10;
        }
        NDArray batchLogits = manager.create(rows).reshape(new Shape(2, 5, 6));
        long[] flatRows = {9, 0, 3, 4, 7, 1, 8};
        float[] someUniforms = java.util.Arrays.copyOf(uniforms, flatRows.length);
        SamplingParams params = new SamplingParams(0.7, 0.9, 4);

        Scores atOnce = new TokenScorer(6, 5).scoreRows(batchLogits, flatRows, params, someUniforms, true, true);
        Scores inChunks = TokenScorer.withChunkLimit(12, 6, 5).scoreRows(batchLogits, flatRows, params, someUniforms, true, true);

        assertThat(inChunks).usingRecursiveComparison().isEqualTo(atOnce);
        assertThat(atOnce.tokens()).hasSize(7).doesNotContain(5);
    }

    @Test
    void aNucleusWiderThanTheFirstLookIsFoundWhole() {
        // 1000 ids, 900 of them equally likely and 100 ten times less: top-p 0.85 keeps 774 of the 900
        int vocabulary = 1000;
        float[] flat = new float[vocabulary];
        for (int c = 0; c < vocabulary; c++) {
            flat[c] = c % 10 == 9 ? (float) Math.log(0.1) : 0f;
        }
        float[] peaked = new float[vocabulary];
        peaked[7] = 10f;
        peaked[8] = 9f;
        SamplingParams topP = new SamplingParams(1, 0.85, 0);
        TokenScorer wide = new TokenScorer(vocabulary);

        float[][] filtered = wide.filteredProbabilities(manager.create(new float[][] {peaked, flat}), topP);

        assertThat(VocabularyFilter.FIRST_WIDTH).isLessThan(800);
        double mass = 1 / (900 + 100 * 0.1);
        int kept = 0;
        for (int c = 0; c < vocabulary; c++) {
            kept += filtered[1][c] > 0 ? 1 : 0;
        }
        // Dream keeps token j while the mass before it, j · mass, is at most 0.85: j = 0 .. 773
        assertThat(kept).isEqualTo((int) Math.floor(0.85 / mass) + 1).isEqualTo(774);
        assertThat(filtered[1][0]).isCloseTo(1f / kept, within(1e-6f));
        assertThat(filtered[0][7]).isCloseTo((float) (1 / (1 + Math.exp(-1))), within(1e-5f));
    }

    @Test
    void eachRowIsFilteredAsItWouldBeAlone() {
        int vocabulary = 2000;
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        float[][] rows = new float[6][vocabulary];
        for (int r = 0; r < rows.length; r++) {
            // rows 0, 2 and 4 are nearly flat (a wide nucleus), the others peaked
            float spread = r % 2 == 0 ? 0.05f : 6f;
            for (int c = 0; c < vocabulary; c++) {
                rows[r][c] = spread * (float) random.nextDouble();
            }
        }
        float[] uniforms = {0.1f, 0.3f, 0.5f, 0.7f, 0.9f, 0.99f};
        TokenScorer scorer = new TokenScorer(vocabulary);
        SamplingParams params = new SamplingParams(0.8, 0.95, 0);

        Scores together = scorer.score(manager.create(rows), params, uniforms, true, true);

        for (int r = 0; r < rows.length; r++) {
            Scores alone = scorer.score(manager.create(new float[][] {rows[r]}), params, new float[] {uniforms[r]}, true,
                    true);
            assertThat(together.tokens()[r]).as("row %d", r).isEqualTo(alone.tokens()[0]);
            assertThat(together.probabilities()[r]).isEqualTo(alone.probabilities()[0]);
            assertThat(together.margins()[r]).isEqualTo(alone.margins()[0]);
            assertThat(together.negativeEntropies()[r]).isEqualTo(alone.negativeEntropies()[0]);
        }
    }

    private static NDArray logits(float[]... distributions) {
        float[][] out = new float[distributions.length][];
        for (int r = 0; r < distributions.length; r++) {
            out[r] = new float[distributions[r].length];
            for (int c = 0; c < out[r].length; c++) {
                out[r][c] = (float) Math.log(distributions[r][c]);
            }
        }
        return manager.create(out);
    }
}
