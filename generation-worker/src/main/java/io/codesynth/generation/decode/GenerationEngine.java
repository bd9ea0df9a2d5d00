package io.codesynth.generation.decode;

import io.codesynth.contracts.GenerationRequest;
import io.codesynth.generation.batching.MicroBatcher;
import io.codesynth.generation.model.LoadedModel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A loaded model behind a micro-batcher: requests from any thread are prepared, queued and decoded together on
 * the batcher's thread. Closing it stops the batcher (failing queued requests with a cancellation) and frees the
 * model.
 */
public final class GenerationEngine implements AutoCloseable {

    private final LoadedModel model;
    private final CandidateGenerator generator;
    private final MicroBatcher<PreparedRequest, GenerationOutcome> batcher;

    public GenerationEngine(LoadedModel model, MicroBatcher.Settings batching, GenerationMetrics metrics, Clock clock) {
        this.model = model;
        this.generator = new CandidateGenerator(model, metrics, clock);
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

    /** Queues a prepared request; the future completes once its micro-batch has been decoded. */
    public CompletableFuture<GenerationOutcome> submit(PreparedRequest request) {
        return batcher.submit(request);
    }

    /**
     * Stops batching, waiting up to {@code timeout} for the running batch, then frees the model, unless the batch
     * still runs: freeing native memory under a running forward pass would crash the JVM.
     */
    public void close(Duration timeout) {
        if (batcher.close(timeout)) {
            model.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
