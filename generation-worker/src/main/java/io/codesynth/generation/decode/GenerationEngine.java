package io.codesynth.generation.decode;

import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.WorkerId;
import io.codesynth.generation.batching.MicroBatcher;
import io.codesynth.generation.model.LoadedModel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A loaded model behind a micro-batcher: requests from any thread are prepared, queued and decoded together on
 * the batcher's thread. {@link #cancel()} stops the running decode at its next step and refuses new requests;
 * closing cancels, stops the batcher (failing queued requests with a cancellation) and frees the model. Requests
 * failed by a cancellation have no outcome: they are to be decoded again after a restart.
 */
public final class GenerationEngine implements AutoCloseable {

    private final LoadedModel model;
    private final CandidateGenerator generator;
    private final MicroBatcher<PreparedRequest, GenerationOutcome> batcher;
    private volatile boolean cancelled;

    /** @param worker this worker, named in every candidate batch it decodes */
    public GenerationEngine(LoadedModel model, MicroBatcher.Settings batching, GenerationMetrics metrics, Clock clock,
            WorkerId worker) {
        this.model = model;
        this.generator = new CandidateGenerator(model, metrics, clock, worker, () -> cancelled);
        this.batcher = new MicroBatcher<>("generation-batcher", batching, PreparedRequest::rows, generator::generate,
                metrics).start();
    }

    public LoadedModel model() {
        return model;
    }

    /** @throws InvalidRequestException when the request can never be decoded by this model */
    public PreparedRequest prepare(GenerationRequest request) {
        return generator.prepare(request);
    }

    /**
     * Queues a prepared request; the future completes once its micro-batch has been decoded, or fails with a
     * {@link CancellationException} when the engine is cancelled first.
     */
    public CompletableFuture<GenerationOutcome> submit(PreparedRequest request) {
        if (cancelled) {
            return CompletableFuture.failedFuture(new CancellationException("the worker is stopping"));
        }
        return batcher.submit(request);
    }

    /**
     * Stops the running decode at its next step (its requests fail with a
     * {@link io.codesynth.diffusion.decoding.DecodingCancelledException}) and every later one before it starts.
     * For shutdown: cannot be undone.
     */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Cancels, stops batching, waits up to {@code timeout} for the running batch to notice, then frees the model,
     * unless the batch still runs: freeing native memory under a running forward pass would crash the JVM.
     *
     * @return true when the batcher stopped and the model was freed
     */
    public boolean close(Duration timeout) {
        cancel();
        if (batcher.close(timeout)) {
            model.close();
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
