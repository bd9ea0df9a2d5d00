package io.codesynth.generation.decode;

import io.codesynth.diffusion.decoding.DecodeResult;
import io.codesynth.generation.batching.MicroBatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The worker's Micrometer meters. Generated tokens per second is {@code rate(codesynth.generation.tokens)} over
 * {@code rate(codesynth.generation.decode)} seconds, or per batch {@code codesynth.generation.tokens.per.second}.
 */
public final class GenerationMetrics implements MicroBatcher.BatchObserver {

    private final Counter tokens;
    private final Counter forwardPasses;
    private final DistributionSummary forwardPassesPerToken;
    private final DistributionSummary tokensPerSecond;
    private final Timer decode;
    private final Timer queue;
    private final DistributionSummary batchRows;
    private final DistributionSummary batchRequests;
    private final Counter generated;
    private final Counter deadLettered;

    public GenerationMetrics(MeterRegistry registry) {
        tokens = Counter.builder("codesynth.generation.tokens").baseUnit("tokens")
                .description("Generated tokens (masked positions decoded, before cutting at a stop token)")
                .register(registry);
        forwardPasses = Counter.builder("codesynth.generation.forward.passes")
                .description("Forward passes of the model, each over a whole batch").register(registry);
        forwardPassesPerToken = DistributionSummary.builder("codesynth.generation.forward.passes.per.token")
                .description("Per decode call: forward passes each candidate took part in, per generated token "
                        + "(1 = one token per step; lower with threshold decoding)")
                .register(registry);
        tokensPerSecond = DistributionSummary.builder("codesynth.generation.tokens.per.second").baseUnit("tokens/s")
                .description("Per decode call: generated tokens per second of wall time").register(registry);
        decode = Timer.builder("codesynth.generation.decode")
                .description("Wall time of decode calls (one per micro-batch)").register(registry);
        queue = Timer.builder("codesynth.generation.queue")
                .description("Time a request waited between arriving at the batcher and its batch starting")
                .register(registry);
        batchRows = DistributionSummary.builder("codesynth.generation.batch.size").baseUnit("sequences")
                .description("Rows (request x sample) per micro-batch").register(registry);
        batchRequests = DistributionSummary.builder("codesynth.generation.batch.requests").baseUnit("requests")
                .description("Requests per micro-batch").register(registry);
        generated = Counter.builder("codesynth.generation.requests").tag("outcome", "generated")
                .description("Generation requests handled").register(registry);
        deadLettered = Counter.builder("codesynth.generation.requests").tag("outcome", "dead-lettered")
                .description("Generation requests handled").register(registry);
    }

    @Override
    public void batchStarted(int items, int size, long[] queueNanos) {
        batchRequests.record(items);
        batchRows.record(size);
        for (long nanos : queueNanos) {
            queue.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Figures of one decode call. */
    public void decoded(DecodeResult result) {
        tokens.increment(result.generatedPositions());
        forwardPasses.increment(result.modelForwards());
        forwardPassesPerToken.record(result.forwardPassesPerToken());
        tokensPerSecond.record(result.tokensPerSecond());
        decode.record(result.elapsedNanos(), TimeUnit.NANOSECONDS);
    }

    public void requestGenerated() {
        generated.increment();
    }

    public void requestDeadLettered() {
        deadLettered.increment();
    }
}
