package io.codesynth.generation.decode;

import ai.djl.ndarray.NDManager;
import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.WorkerId;
import io.codesynth.diffusion.decoding.DecodeRequest;
import io.codesynth.diffusion.decoding.DecodeResult;
import io.codesynth.diffusion.decoding.DecodedCandidate;
import io.codesynth.diffusion.decoding.DecodingCancelledException;
import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.generation.model.LoadedModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns generation requests into candidate batches with one decode call per micro-batch. A request that cannot be
 * decoded fails on its own: checks that need no model run happen in {@link #prepare}; if a decode call fails, its
 * requests are decoded again one by one, so only the request at fault fails. A decode call stops early when the
 * cancellation signal turns true (the worker is stopping): the whole batch then fails with a
 * {@link DecodingCancelledException}, which is no request's fault.
 */
public final class CandidateGenerator {

    private static final Logger log = LoggerFactory.getLogger(CandidateGenerator.class);

    private final LoadedModel model;
    private final GenerationMetrics metrics;
    private final Clock clock;
    private final WorkerId worker;
    private final BooleanSupplier cancelled;

    /** @param worker this worker, named in every batch as {@link CandidateBatch#generatedBy()} */
    public CandidateGenerator(LoadedModel model, GenerationMetrics metrics, Clock clock, WorkerId worker) {
        this(model, metrics, clock, worker, () -> false);
    }

    /**
     * @param worker    this worker, named in every batch as {@link CandidateBatch#generatedBy()}
     * @param cancelled asked between forward passes; true stops the running decode call
     */
    public CandidateGenerator(LoadedModel model, GenerationMetrics metrics, Clock clock, WorkerId worker,
            BooleanSupplier cancelled) {
        this.model = Objects.requireNonNull(model, "model");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
    }

    /**
     * Maps the settings, builds and tokenizes the prompt and checks the request fits the model.
     *
     * @throws InvalidRequestException when the request can never be decoded by this model
     */
    public PreparedRequest prepare(GenerationRequest request) {
        DecodingOptions options = DecodingSettingsMapper.toOptions(request.decoding(), request.seed());
        int[] promptIds = model.encode(model.prompts().modelInput(request.problem()));
        if (promptIds.length == 0) {
            throw new InvalidRequestException("the prompt encodes to no tokens");
        }
        DecodeRequest decode = new DecodeRequest(promptIds, options, request.samples());
        try {
            model.decoder().validate(decode);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage(), e);
        }
        return new PreparedRequest(request, decode);
    }

    /**
     * One outcome per request, in order. Never throws for a single request's fault.
     *
     * @throws DecodingCancelledException when the cancellation signal stopped the decode; no request has an outcome
     */
    public List<GenerationOutcome> generate(List<PreparedRequest> batch) {
        DecodeResult result;
        try (NDManager manager = model.newManager()) {
            result = model.decoder().decode(manager, batch.stream().map(PreparedRequest::decode).toList(), cancelled);
        } catch (DecodingCancelledException e) {
            log.info("Decoding of {} requests stopped after {} forward passes: the worker is stopping", batch.size(),
                    e.modelForwards());
            throw e;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                log.warn("Decoding request {} failed: {}", batch.get(0).request().taskKey(), e.toString());
                return List.of(new GenerationOutcome.Failed("decoding failed: " + rootMessage(e), e));
            }
            log.warn("Decoding a batch of {} requests failed ({}); decoding them one by one to find the one at fault",
                    batch.size(), e.toString());
            List<GenerationOutcome> outcomes = new ArrayList<>(batch.size());
            for (PreparedRequest request : batch) {
                outcomes.add(generate(List.of(request)).get(0));
            }
            return outcomes;
        }
        metrics.decoded(result);
        long decodeMillis = result.elapsedNanos() / 1_000_000;
        log.info("Decoded {} requests ({} sequences): {} forward passes, {} tokens in {} ms ({} tokens/s)",
                batch.size(), result.candidates().stream().mapToInt(List::size).sum(), result.modelForwards(),
                result.generatedPositions(), decodeMillis, Math.round(result.tokensPerSecond()));
        List<GenerationOutcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            GenerationRequest request = batch.get(i).request();
            try {
                outcomes.add(new GenerationOutcome.Generated(candidateBatch(request, result.candidates().get(i),
                        decodeMillis)));
            } catch (RuntimeException e) {
                // a candidate the contract rejects (a figure out of range): this request's fault alone
                outcomes.add(new GenerationOutcome.Failed("decoded candidates are invalid: " + rootMessage(e), e));
            }
        }
        return outcomes;
    }

    private CandidateBatch candidateBatch(GenerationRequest request, List<DecodedCandidate> decoded, long decodeMillis) {
        List<Candidate> candidates = new ArrayList<>(decoded.size());
        for (DecodedCandidate candidate : decoded) {
            candidates.add(new Candidate(
                    Ids.candidateId(request.taskKey(), candidate.sampleIndex()),
                    candidate.sampleIndex(),
                    model.prompts().completion(candidate.text()),
                    candidate.tokenIds(),
                    candidate.forwardPasses(),
                    // a mean of float probabilities can round a hair past 1
                    Math.min(1.0, Math.max(0.0, candidate.meanConfidence())),
                    candidate.logProbability(),
                    candidate.revealSteps(),
                    decodeMillis));
        }
        return new CandidateBatch(PipelineMessage.SCHEMA_VERSION, Ids.candidateBatchId(request.taskKey()),
                request.jobId(), request.tenantId(), request.taskKey(), request.problem(), model.info(), candidates,
                request.limits(), clock.instant(), worker.value());
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }
}
