package io.codesynth.diffusion.decoding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The per-step vocabulary maths, done on the device with a small, fixed number of NDArray operations per batch
 * (not per position, so the ~3 µs JNI cost per call does not grow with the batch): gather the logits of the
 * positions being decoded, drop the ids the tokenizer lacks and the mask id, apply temperature, top-p and
 * top-k as Dream's {@code sample_tokens} does ({@link VocabularyFilter}), choose a token per position (argmax, or
 * inverse-CDF sampling with a uniform the caller draws from the candidate's own random stream) and return the
 * few numbers per position the unmasking order needs. Only {@code M} values per quantity cross into Java.
 */
final class TokenScorer {

    /** Dream adds this before the log in its negative entropy, so filtered-out tokens contribute 0. */
    private static final float ENTROPY_EPSILON = 1e-10f;

    /**
     * Most candidate logits scored at once: 2^27 floats (512 MiB per intermediate). A batch of 16 rows × 256
     * masked positions × DiffuCoder's 151k ids would otherwise hold several 2.5 GB intermediates at a time.
     */
    private static final long MAX_ELEMENTS_PER_CHUNK = 1L << 27;

    private final int vocabularyLimit;
    private final int[] bannedIds;
    private final long maxElementsPerChunk;

    /**
     * @param vocabularyLimit ids at or above this are never emitted (the tokenizer has no such ids)
     * @param bannedIds       ids below the limit that are never emitted either (the mask id)
     */
    TokenScorer(int vocabularyLimit, int... bannedIds) {
        this(MAX_ELEMENTS_PER_CHUNK, vocabularyLimit, bannedIds);
    }

    /** A scorer that scores at most {@code maxElementsPerChunk} logits at once (tests use a tiny limit). */
    static TokenScorer withChunkLimit(long maxElementsPerChunk, int vocabularyLimit, int... bannedIds) {
        return new TokenScorer(maxElementsPerChunk, vocabularyLimit, bannedIds);
    }

    private TokenScorer(long maxElementsPerChunk, int vocabularyLimit, int[] bannedIds) {
        if (vocabularyLimit < 2) {
            throw new IllegalArgumentException("vocabulary limit must be at least 2, was " + vocabularyLimit);
        }
        this.vocabularyLimit = vocabularyLimit;
        this.bannedIds = bannedIds.clone();
        this.maxElementsPerChunk = maxElementsPerChunk;
    }

    /** Temperature and vocabulary filters of one group of positions. */
    record SamplingParams(double temperature, double topP, int topK) {

        static SamplingParams of(DecodingOptions options) {
            return new SamplingParams(options.temperature(), options.topP(), options.effectiveTopK());
        }

        boolean filters() {
            return topP < 1 || topK > 0;
        }
    }

    /**
     * Per position: the chosen token, its probability under the filtered distribution, top-1 minus top-2
     * probability and {@code Σ p·log(p + 1e-10)} (the last two only when asked for, else null).
     */
    record Scores(int[] tokens, float[] probabilities, float[] margins, float[] negativeEntropies) {

        static Scores concat(List<Scores> parts) {
            if (parts.size() == 1) {
                return parts.get(0);
            }
            int[] tokens = parts.stream().flatMapToInt(p -> Arrays.stream(p.tokens())).toArray();
            return new Scores(tokens, concatFloats(parts, Scores::probabilities), concatFloats(parts, Scores::margins),
                    concatFloats(parts, Scores::negativeEntropies));
        }

        private static float[] concatFloats(List<Scores> parts, Function<Scores, float[]> field) {
            if (field.apply(parts.get(0)) == null) {
                return null;
            }
            float[] out = new float[parts.stream().mapToInt(p -> field.apply(p).length).sum()];
            int at = 0;
            for (Scores part : parts) {
                float[] values = field.apply(part);
                System.arraycopy(values, 0, out, at, values.length);
                at += values.length;
            }
            return out;
        }
    }

    /**
     * Scores the given rows of a forward result, in chunks small enough that the vocabulary-wide intermediates
     * stay bounded; each chunk's arrays are freed before the next.
     *
     * @param logits   (..., vocab) logits: the (positions, vocab) of {@code logitsAt}, or a whole (batch, length,
     *                 vocab) forward result
     * @param flatRows rows of {@code logits.reshape(-1, vocab)}
     * @param uniforms one draw per row for sampling, or null for the argmax
     */
    Scores scoreRows(NDArray logits, long[] flatRows, SamplingParams params, float[] uniforms, boolean wantMargin,
            boolean wantEntropy) {
        int chunk = (int) Math.max(1, maxElementsPerChunk / vocabularyLimit);
        List<Scores> parts = new ArrayList<>();
        for (int from = 0; from < flatRows.length; from += chunk) {
            int to = Math.min(flatRows.length, from + chunk);
            try (NDManager scope = logits.getManager().newSubManager()) {
                NDArray candidates = candidateLogits(scope, logits, Arrays.copyOfRange(flatRows, from, to));
                float[] chunkUniforms = uniforms == null ? null : Arrays.copyOfRange(uniforms, from, to);
                parts.add(score(candidates, params, chunkUniforms, wantMargin, wantEntropy));
            }
        }
        return Scores.concat(parts);
    }

    /**
     * Logits of the given rows of a forward result as a float32 (rows, vocabularyLimit) array, with banned ids
     * and NaNs set to −∞.
     *
     * @param flatRows rows of {@code logits.reshape(-1, vocab)}, e.g. {@code row · length + position} of a
     *                 (batch, length, vocab) result
     */
    NDArray candidateLogits(NDArray logits, long[] flatRows) {
        return candidateLogits(logits.getManager(), logits, flatRows);
    }

    /** As {@link #candidateLogits(NDArray, long[])}, with the result and its intermediates owned by {@code scope}. */
    NDArray candidateLogits(NDManager scope, NDArray logits, long[] flatRows) {
        Shape shape = logits.getShape();
        long vocab = shape.get(shape.dimension() - 1);
        if (vocab < vocabularyLimit) {
            throw new IllegalArgumentException("model logits have " + vocab + " columns, fewer than the vocabulary limit "
                    + vocabularyLimit);
        }
        NDArray rows = logits.reshape(-1, vocab).get(scope, new NDIndex("{}", scope.create(flatRows)));
        if (vocab > vocabularyLimit) {
            rows = rows.get(new NDIndex(":, :{}", vocabularyLimit));
        }
        if (rows.getDataType() != DataType.FLOAT32) {
            rows = rows.toType(DataType.FLOAT32, false);
        }
        // rows is a fresh copy (advanced indexing copies), so writing into it leaves the model output alone
        rows.set(rows.isNaN(), Float.NEGATIVE_INFINITY);
        for (int banned : bannedIds) {
            if (banned >= 0 && banned < vocabularyLimit) {
                rows.set(new NDIndex(":, {}", banned), Float.NEGATIVE_INFINITY);
            }
        }
        return rows;
    }

    /**
     * @param logits   float32 (M, V) candidate logits from {@link #candidateLogits}
     * @param uniforms one draw in (0, 1] per position for sampling; null chooses the argmax (temperature 0)
     */
    Scores score(NDArray logits, SamplingParams params, float[] uniforms, boolean wantMargin, boolean wantEntropy) {
        int positions = Math.toIntExact(logits.getShape().get(0));
        if (uniforms != null && uniforms.length != positions) {
            throw new IllegalArgumentException(uniforms.length + " uniforms for " + positions + " positions");
        }
        int[] tokens = new int[positions];
        float[] probabilities = new float[positions];
        float[] margins = wantMargin ? new float[positions] : null;
        float[] negativeEntropies = wantEntropy ? new float[positions] : null;
        for (Distribution distribution : distributions(logits, params)) {
            int[] rows = distribution.rows();
            NDArray probs = distribution.probabilities();
            NDArray columnIndex = chosenColumns(probs, uniforms == null ? null : select(uniforms, rows));
            NDArray tokenIds = distribution.columnToToken() == null
                    ? columnIndex
                    : distribution.columnToToken().gather(columnIndex, 1);
            scatter(toInts(tokenIds.toLongArray()), rows, tokens);
            scatter(probs.gather(columnIndex, 1).toFloatArray(), rows, probabilities);
            if (wantMargin) {
                NDArray top2 = probs.topK(2, 1, true, true).get(0);
                scatter(top2.get(new NDIndex(":, 0")).sub(top2.get(new NDIndex(":, 1"))).toFloatArray(), rows, margins);
            }
            if (wantEntropy) {
                // filtered-out tokens have p = 0 and contribute 0; a filtered distribution needs only its own columns
                NDArray plogp = probs.add(ENTROPY_EPSILON).log().muli(probs);
                scatter(plogp.sum(new int[] {1}).toFloatArray(), rows, negativeEntropies);
            }
        }
        return new Scores(tokens, probabilities, margins, negativeEntropies);
    }

    /**
     * (rows, 1) int64 column per row: the argmax, or by inverse CDF the first column whose cumulative
     * probability reaches u · total; a column with probability 0 is never chosen, because its cumulative value
     * equals its predecessor's.
     */
    private static NDArray chosenColumns(NDArray probs, float[] uniforms) {
        long rows = probs.getShape().get(0);
        NDArray column;
        if (uniforms == null) {
            column = probs.argMax(1);
        } else {
            NDArray cumulative = probs.cumSum(1);
            NDArray total = cumulative.get(new NDIndex(":, -1:"));
            NDArray target = probs.getManager().create(uniforms).reshape(rows, 1).mul(total);
            column = cumulative.lt(target).toType(DataType.INT64, false).sum(new int[] {1})
                    .clip(0, probs.getShape().get(1) - 1);
        }
        return column.toType(DataType.INT64, false).reshape(rows, 1);
    }

    /** The filtered distribution as (M, V) probabilities over token ids, for inspection in tests. */
    float[][] filteredProbabilities(NDArray logits, SamplingParams params) {
        int columns = Math.toIntExact(logits.getShape().get(1));
        float[][] out = new float[Math.toIntExact(logits.getShape().get(0))][columns];
        for (Distribution distribution : distributions(logits, params)) {
            float[] flat = distribution.probabilities().toFloatArray();
            long[] tokens = distribution.columnToToken() == null ? null : distribution.columnToToken().toLongArray();
            int width = flat.length / distribution.rows().length;
            for (int r = 0; r < distribution.rows().length; r++) {
                for (int c = 0; c < width; c++) {
                    int token = tokens == null ? c : (int) tokens[r * width + c];
                    out[distribution.rows()[r]][token] = flat[r * width + c];
                }
            }
        }
        return out;
    }

    /**
     * Probabilities of some of the positions being scored.
     *
     * @param rows          which of the M positions these are, in the order of the arrays' rows
     * @param probabilities (rows, columns) probabilities, in token order or, after filtering, in descending order
     *                      (only as many columns as the filters might keep)
     * @param columnToToken null for token order, else the (rows, columns) token id of each column
     */
    record Distribution(int[] rows, NDArray probabilities, NDArray columnToToken) {
    }

    private static List<Distribution> distributions(NDArray logits, SamplingParams params) {
        NDArray scaled = params.temperature() > 0 ? logits.div(params.temperature()) : logits;
        if (!params.filters()) {
            int rows = Math.toIntExact(logits.getShape().get(0));
            return List.of(new Distribution(VocabularyFilter.identity(rows), scaled.softmax(1), null));
        }
        return VocabularyFilter.apply(scaled, params);
    }

    private static float[] select(float[] values, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static void scatter(int[] values, int[] rows, int[] into) {
        for (int i = 0; i < rows.length; i++) {
            into[rows[i]] = values[i];
        }
    }

    private static void scatter(float[] values, int[] rows, float[] into) {
        for (int i = 0; i < rows.length; i++) {
            into[rows[i]] = values[i];
        }
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }
}
