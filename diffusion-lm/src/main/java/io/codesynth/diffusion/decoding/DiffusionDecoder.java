package io.codesynth.diffusion.decoding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.codesynth.diffusion.model.DenoisingModel;
import io.codesynth.diffusion.model.ModelConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes many (prompt × sample) rows together, one forward pass per step for all of them.
 *
 * <p>Rows wait in a queue ordered by canvas length, so rows of similar length share batches and little
 * padding is wasted. A batch holds at most {@code maxBatchSequences} rows and {@code maxBatchTokens} rows ×
 * padded length; when a row finishes, the next waiting row joins the running batch (rows are independent, so
 * they need not be at the same step). Rows are left-padded with the pad id; the attention mask (null when no
 * row is padded) lets the model exclude pads and derive position ids. Each row keeps its own random stream
 * and its decisions depend only on its own logits, so a row decodes to the same tokens in any batch,
 * up to the model's floating-point batch invariance.
 *
 * <p>Differences from Dream worth knowing: a schedule step that reveals nothing (the first of 256 tokens /
 * 256 steps, say) costs no forward pass, so such a run takes 255 forward passes, not 256; the mask id and
 * ids the tokenizer lacks are never sampled; positions of the prompt are never candidates. The decoder keeps
 * no state between calls; it is as thread-safe as the model.
 *
 * <p>A call can be cancelled between forward passes ({@link #decode(NDManager, List, BooleanSupplier)}): a worker
 * that shuts down then waits for one step, not for a whole decode.
 */
public final class DiffusionDecoder {

    private static final Logger log = LoggerFactory.getLogger(DiffusionDecoder.class);

    private final DenoisingModel model;
    private final DecoderSettings settings;
    private final Detokenizer detokenizer;
    private final int maskTokenId;
    private final int padTokenId;
    private final TokenScorer scorer;

    public DiffusionDecoder(DenoisingModel model, DecoderSettings settings, Detokenizer detokenizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.detokenizer = Objects.requireNonNull(detokenizer, "detokenizer");
        ModelConfig config = model.config();
        if (config.maskTokenId() == null) {
            throw new IllegalArgumentException("model type " + config.modelType()
                    + " has no mask token id, so it cannot be decoded by diffusion");
        }
        if (settings.vocabularyLimit() > config.vocabSize()) {
            throw new IllegalArgumentException("vocabulary limit " + settings.vocabularyLimit()
                    + " exceeds the model's vocab_size " + config.vocabSize());
        }
        this.maskTokenId = config.maskTokenId();
        this.padTokenId = config.padTokenId();
        this.scorer = new TokenScorer(settings.vocabularyLimit(), maskTokenId);
    }

    /**
     * Checks that a request can be decoded by this model; throws {@link IllegalArgumentException} saying why not.
     */
    public void validate(DecodeRequest request) {
        ModelConfig config = model.config();
        if (request.canvasLength() > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("prompt of " + request.promptIds().length + " tokens plus "
                    + request.options().maxNewTokens() + " new tokens exceeds the model's context of "
                    + config.maxPositionEmbeddings());
        }
        for (int id : request.promptIds()) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("prompt token id " + id + " outside the model's vocabulary 0.."
                        + (config.vocabSize() - 1));
            }
        }
    }

    /**
     * Decodes every sample of every request.
     *
     * @param manager the caller's manager on the model's device; per-step arrays live in sub-managers of it
     */
    public DecodeResult decode(NDManager manager, List<DecodeRequest> requests) {
        return decode(manager, requests, () -> false);
    }

    /**
     * Decodes every sample of every request unless {@code cancelled} turns true first; it is asked before each
     * forward pass.
     *
     * @param manager   the caller's manager on the model's device; per-step arrays live in sub-managers of it
     * @param cancelled polled between forward passes, on the calling thread
     * @throws DecodingCancelledException when {@code cancelled} returned true; no result is kept
     */
    public DecodeResult decode(NDManager manager, List<DecodeRequest> requests, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        requests.forEach(this::validate);
        List<List<DecodedCandidate>> results = new ArrayList<>();
        Deque<CandidateState> waiting = new ArrayDeque<>(rows(requests, results));
        long generatedPositions = waiting.stream().mapToLong(s -> s.options().maxNewTokens()).sum();

        List<CandidateState> active = new ArrayList<>();
        int modelForwards = 0;
        long rowForwards = 0;
        while (true) {
            active.removeIf(state -> !state.prepareStep() && finish(state, results));
            while (!waiting.isEmpty() && fits(active, waiting.peekFirst())) {
                CandidateState next = waiting.pollFirst();
                if (next.prepareStep()) {
                    active.add(next);
                } else {
                    finish(next, results);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            if (cancelled.getAsBoolean()) {
                log.debug("decoding of {} requests cancelled after {} forward passes", requests.size(), modelForwards);
                throw new DecodingCancelledException(modelForwards);
            }
            step(manager, active);
            modelForwards++;
            rowForwards += active.size();
        }
        long elapsed = System.nanoTime() - started;
        log.debug("decoded {} requests: {} forward passes, {} row-forwards, {} positions in {} ms", requests.size(),
                modelForwards, rowForwards, generatedPositions, elapsed / 1_000_000);
        return new DecodeResult(results, modelForwards, rowForwards, generatedPositions, elapsed);
    }

    /** All rows, shortest canvas first (stable, so request and sample order break ties). */
    private List<CandidateState> rows(List<DecodeRequest> requests, List<List<DecodedCandidate>> results) {
        List<CandidateState> rows = new ArrayList<>();
        for (int r = 0; r < requests.size(); r++) {
            DecodeRequest request = requests.get(r);
            List<DecodedCandidate> samples = new ArrayList<>(request.samples());
            for (int s = 0; s < request.samples(); s++) {
                samples.add(null);
                rows.add(new CandidateState(r, s, request.promptIds(), request.options(), maskTokenId));
            }
            results.add(samples);
        }
        rows.sort(Comparator.comparingInt(CandidateState::canvasLength));
        return rows;
    }

    private boolean fits(List<CandidateState> active, CandidateState next) {
        if (active.isEmpty()) {
            return true;
        }
        if (active.size() >= settings.maxBatchSequences()) {
            return false;
        }
        int length = Math.max(next.canvasLength(), active.stream().mapToInt(CandidateState::canvasLength).max().orElse(0));
        return (long) (active.size() + 1) * length <= settings.maxBatchTokens();
    }

    /**
     * One forward pass over the active rows, computing logits at their pending positions only, then every row
     * reveals its step's positions.
     */
    private void step(NDManager manager, List<CandidateState> active) {
        int rows = active.size();
        int length = active.stream().mapToInt(CandidateState::canvasLength).max().orElseThrow();
        try (NDManager stepManager = manager.newSubManager()) {
            long[] ids = new long[rows * length];
            long[] attention = new long[rows * length];
            boolean padded = false;
            for (int r = 0; r < rows; r++) {
                CandidateState state = active.get(r);
                int offset = length - state.canvasLength();
                padded |= offset > 0;
                for (int p = 0; p < length; p++) {
                    boolean real = p >= offset;
                    ids[r * length + p] = real ? state.token(p - offset) : padTokenId;
                    attention[r * length + p] = real ? 1 : 0;
                }
            }
            // the pending positions of every row, row after row: row r's come first at pendingStart[r]
            int[] pendingStart = new int[rows + 1];
            for (int r = 0; r < rows; r++) {
                pendingStart[r + 1] = pendingStart[r] + active.get(r).pendingPositions().length;
            }
            long[] positions = new long[pendingStart[rows]];
            for (int r = 0; r < rows; r++) {
                CandidateState state = active.get(r);
                int offset = length - state.canvasLength();
                int at = pendingStart[r];
                for (int position : state.pendingPositions()) {
                    positions[at++] = (long) r * length + offset + position;
                }
            }
            Shape shape = new Shape(rows, length);
            NDArray inputIds = stepManager.create(ids, shape);
            NDArray attentionMask = padded ? stepManager.create(attention, shape) : null;
            NDArray logits = model.logitsAt(stepManager, inputIds, attentionMask, positions);
            Shape logitsShape = logits.getShape();
            if (logitsShape.dimension() != 2 || logitsShape.get(0) != positions.length) {
                throw new IllegalStateException("model returned logits of shape " + logitsShape + " for "
                        + positions.length + " positions of input " + shape);
            }
            for (List<Integer> group : groupBySampling(active)) {
                scoreAndApply(logits, active, group, pendingStart);
            }
        }
    }

    /** Rows that share temperature and filters are scored with one set of array operations. */
    private static List<List<Integer>> groupBySampling(List<CandidateState> active) {
        Map<TokenScorer.SamplingParams, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < active.size(); r++) {
            groups.computeIfAbsent(TokenScorer.SamplingParams.of(active.get(r).options()), k -> new ArrayList<>()).add(r);
        }
        return List.copyOf(groups.values());
    }

    /** @param pendingStart row r's pending positions are rows pendingStart[r].. of {@code logits} */
    private void scoreAndApply(NDArray logits, List<CandidateState> active, List<Integer> group, int[] pendingStart) {
        int total = group.stream().mapToInt(r -> active.get(r).pendingPositions().length).sum();
        long[] logitRows = new long[total];
        float[] uniforms = null;
        boolean margins = false;
        boolean entropies = false;
        int next = 0;
        for (int r : group) {
            CandidateState state = active.get(r);
            float[] rowUniforms = state.samplingUniforms();
            if (rowUniforms != null) {
                uniforms = uniforms == null ? new float[total] : uniforms;
                System.arraycopy(rowUniforms, 0, uniforms, next, rowUniforms.length);
            }
            for (int i = pendingStart[r]; i < pendingStart[r + 1]; i++) {
                logitRows[next++] = i;
            }
            margins |= state.needsMargins();
            entropies |= state.needsEntropies();
        }
        TokenScorer.Scores scores = scorer.scoreRows(logits, logitRows,
                TokenScorer.SamplingParams.of(active.get(group.get(0)).options()), uniforms, margins, entropies);
        int offset = 0;
        for (int r : group) {
            CandidateState state = active.get(r);
            state.applyStep(scores, offset);
            offset += state.pendingPositions().length;
        }
    }

    private boolean finish(CandidateState state, List<List<DecodedCandidate>> results) {
        int[] generated = state.generatedTokens();
        int kept = 0;
        while (kept < generated.length && !settings.stopTokenIds().contains(generated[kept])) {
            kept++;
        }
        int[] revealSteps = state.revealSteps();
        float[] probabilities = state.tokenProbabilities();
        List<Integer> tokens = new ArrayList<>(kept);
        List<Integer> steps = new ArrayList<>(kept);
        double probabilitySum = 0;
        double logProbability = 0;
        for (int i = 0; i < kept; i++) {
            tokens.add(generated[i]);
            steps.add(revealSteps[i]);
            probabilitySum += probabilities[i];
            logProbability += Math.log(Math.max(probabilities[i], Float.MIN_VALUE));
        }
        int[] keptIds = tokens.stream().mapToInt(Integer::intValue).toArray();
        DecodedCandidate candidate = new DecodedCandidate(state.requestIndex(), state.sampleIndex(), state.seed(), tokens,
                detokenizer.decode(keptIds), state.forwardPasses(), kept == 0 ? 0 : probabilitySum / kept,
                logProbability, steps, kept < generated.length);
        results.get(state.requestIndex()).set(state.sampleIndex(), candidate);
        return true;
    }
}
