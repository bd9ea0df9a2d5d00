package io.codesynth.diffusion.decoding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Dream's top-p and top-k filters without sorting the whole vocabulary. Both keep a prefix of the tokens in
 * descending order of probability, and that prefix is short (tens of tokens for a trained model), so the
 * filters run on the first {@value #FIRST_WIDTH} columns of that order, which {@code topk} finds in time linear
 * in the vocabulary; a full sort of DiffuCoder's 151k ids per position cost several times the rest of a step.
 * A row whose kept prefix reaches the last of those columns is filtered again at {@value #GROWTH} times the
 * width, up to the whole vocabulary, so no row is ever cut short.
 *
 * <p>Each row's width depends only on its own logits, never on the other rows scored with it, so a row is
 * filtered the same way in any batch: the decoder's batch invariance holds here too.
 */
final class VocabularyFilter {

    /** Columns of the descending order examined first. */
    static final int FIRST_WIDTH = 256;
    /** How much wider each further attempt looks. */
    static final int GROWTH = 16;

    private VocabularyFilter() {
    }

    /**
     * @param scaled (M, V) float32 logits after temperature; banned ids at −∞
     * @return the filtered distributions of all M rows, in groups of rows that needed the same width, each with
     *         its probabilities in descending order and the token id of every column
     */
    static List<TokenScorer.Distribution> apply(NDArray scaled, TokenScorer.SamplingParams params) {
        long vocabulary = scaled.getShape().get(1);
        // log-probabilities of the unfiltered distribution: top-p needs each token's share of the whole row
        NDArray candidates = scaled.logSoftmax(1);
        int[] rows = identity(Math.toIntExact(scaled.getShape().get(0)));
        long width = Math.min(vocabulary, Math.max(FIRST_WIDTH, params.topK() + 1L));
        List<TokenScorer.Distribution> groups = new ArrayList<>();
        while (true) {
            NDList top = candidates.topK(Math.toIntExact(width), 1, true, true);
            NDArray sorted = top.get(0); // (rows, width) log-probabilities, descending
            NDArray order = top.get(1); // (rows, width) their token ids
            NDArray removed = removed(sorted, params, vocabulary);
            boolean[] cutShort = width == vocabulary ? new boolean[rows.length]
                    : removed.get(new NDIndex(":, -1")).logicalNot().toBooleanArray();
            int[] done = indicesWhere(cutShort, false);
            if (done.length == rows.length) {
                groups.add(distribution(rows, sorted, order, removed));
                return groups;
            }
            if (done.length > 0) {
                groups.add(distribution(select(rows, done), rowsOf(sorted, done), rowsOf(order, done),
                        rowsOf(removed, done)));
            }
            int[] again = indicesWhere(cutShort, true);
            candidates = rowsOf(candidates, again);
            rows = select(rows, again);
            width = Math.min(vocabulary, width * GROWTH);
        }
    }

    /**
     * Which sorted columns the filters drop: top-p first, then top-k on what top-p left, as Dream's
     * {@code sample_tokens} applies them. Both drop a suffix of the columns.
     */
    private static NDArray removed(NDArray sorted, TokenScorer.SamplingParams params, long vocabulary) {
        NDManager manager = sorted.getManager();
        NDArray removed = null;
        if (params.topP() < 1) {
            // Dream removes token j when the probability mass of the tokens before it exceeds top_p, so the most
            // likely token always stays
            NDArray cumulative = sorted.exp().cumSum(1);
            NDArray before = manager.zeros(new Shape(cumulative.getShape().get(0), 1), DataType.FLOAT32)
                    .concat(cumulative.get(new NDIndex(":, :-1")), 1);
            removed = before.gt(params.topP());
        }
        if (params.topK() > 0 && params.topK() < vocabulary) {
            // Dream removes logits below the k-th largest; ties with it stay. The width always exceeds k.
            NDArray remaining = removed == null ? sorted : sorted.duplicate();
            if (removed != null) {
                remaining.set(removed, Float.NEGATIVE_INFINITY);
            }
            NDArray kth = remaining.get(new NDIndex(":, {}:{}", params.topK() - 1, params.topK()));
            NDArray belowKth = remaining.lt(kth);
            removed = removed == null ? belowKth : removed.logicalOr(belowKth);
        }
        // a top-k at least as large as the vocabulary drops nothing
        return removed != null ? removed : sorted.lt(Float.NEGATIVE_INFINITY);
    }

    private static TokenScorer.Distribution distribution(int[] rows, NDArray sorted, NDArray order, NDArray removed) {
        NDArray kept = sorted.duplicate();
        kept.set(removed, Float.NEGATIVE_INFINITY);
        return new TokenScorer.Distribution(rows, kept.softmax(1), order);
    }

    static int[] identity(int count) {
        return IntStream.range(0, count).toArray();
    }

    private static int[] indicesWhere(boolean[] flags, boolean value) {
        return IntStream.range(0, flags.length).filter(i -> flags[i] == value).toArray();
    }

    private static int[] select(int[] values, int[] indices) {
        return Arrays.stream(indices).map(i -> values[i]).toArray();
    }

    private static NDArray rowsOf(NDArray array, int[] rows) {
        return array.get(array.getManager().create(Arrays.stream(rows).asLongStream().toArray()));
    }
}
