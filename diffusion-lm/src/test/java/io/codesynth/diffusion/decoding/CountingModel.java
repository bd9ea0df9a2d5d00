package io.codesynth.diffusion.decoding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.codesynth.diffusion.model.DenoisingModel;
import io.codesynth.diffusion.model.ModelConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a diffusion LM, a pure function of each row's ids and attention mask: a
 * position predicts "the nearest revealed token to its left plus the distance to it" (mod 20), with a logit
 * of {@code 8 / distance}, and the next token up with half that. So greedy decoding always counts upwards from
 * the prompt's last token, positions next to revealed text are the most confident (decoding runs roughly
 * left to right), and how many positions clear a probability threshold depends on the threshold.
 *
 * <p>Vocabulary: 40 logit rows, of which the "tokenizer" knows 32; ids 0..19 are ordinary tokens, 29 eos,
 * 30 pad, 31 mask. Optional quirks let tests check the decoder's guards.
 */
final class CountingModel implements DenoisingModel {

    static final int LOGIT_ROWS = 40;
    static final int TOKENIZER_VOCABULARY = 32;
    static final int EOS = 29;
    static final int PAD = 30;
    static final int MASK = 31;
    static final int OUT_OF_VOCABULARY_FAVOURITE = 35;

    private final ModelConfig config = new ModelConfig("dream", LOGIT_ROWS, 8, 16, 1, 1, 1, 4096, 10000.0, 1e-6,
            false, MASK, PAD, PAD, EOS, "float32", true);

    private final Quirks quirks;
    private final AtomicInteger forwards = new AtomicInteger();
    private final AtomicInteger paddedForwards = new AtomicInteger();

    /**
     * @param eosFromPosition       positions (position id, i.e. counting real tokens from 0) at or after this predict eos; -1 never
     * @param favourForbiddenIds    give the mask id and an id the tokenizer lacks the highest logits everywhere
     * @param nanOnPadding          return NaN logits for pad positions
     */
    record Quirks(int eosFromPosition, boolean favourForbiddenIds, boolean nanOnPadding) {
        static final Quirks NONE = new Quirks(-1, false, false);
    }

    CountingModel() {
        this(Quirks.NONE);
    }

    CountingModel(Quirks quirks) {
        this.quirks = quirks;
    }

    int forwards() {
        return forwards.get();
    }

    int paddedForwards() {
        return paddedForwards.get();
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public NDArray forward(NDManager manager, NDArray inputIds, NDArray attentionMask) {
        forwards.incrementAndGet();
        int rows = Math.toIntExact(inputIds.getShape().get(0));
        int length = Math.toIntExact(inputIds.getShape().get(1));
        long[] ids = inputIds.toLongArray();
        long[] mask = attentionMask == null ? null : attentionMask.toLongArray();
        if (mask != null) {
            paddedForwards.incrementAndGet();
        }
        float[] logits = new float[rows * length * LOGIT_ROWS];
        for (int r = 0; r < rows; r++) {
            int positionId = -1;
            for (int i = 0; i < length; i++) {
                int at = r * length + i;
                boolean real = mask == null || mask[at] == 1;
                int base = at * LOGIT_ROWS;
                if (!real) {
                    if (ids[at] != PAD) {
                        throw new AssertionError("padding position holds id " + ids[at]);
                    }
                    if (quirks.nanOnPadding()) {
                        java.util.Arrays.fill(logits, base, base + LOGIT_ROWS, Float.NaN);
                    }
                    continue;
                }
                positionId++;
                int distance = 1;
                long left = -1;
                for (int j = i - 1; j >= 0 && (mask == null || mask[r * length + j] == 1); j--, distance++) {
                    if (ids[r * length + j] != MASK) {
                        left = ids[r * length + j];
                        break;
                    }
                }
                if (left < 0) {
                    left = 0;
                }
                float strength = 8f / distance;
                int target = quirks.eosFromPosition() >= 0 && positionId >= quirks.eosFromPosition()
                        ? EOS
                        : (int) ((left + distance) % 20);
                logits[base + target] = strength;
                logits[base + (target + 1) % 20] = strength / 2;
                if (quirks.favourForbiddenIds()) {
                    logits[base + MASK] = strength + 2;
                    logits[base + OUT_OF_VOCABULARY_FAVOURITE] = strength + 3;
                }
            }
        }
        return manager.create(logits, new Shape(rows, length, LOGIT_ROWS));
    }

    @Override
    public void close() {
    }
}
