package io.codesynth.generation.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.DecodingAlgorithm;
import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.WorkerId;
import io.codesynth.diffusion.decoding.DecodingCancelledException;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.generation.batching.MicroBatcher;
import io.codesynth.generation.model.DeviceChoice;
import io.codesynth.generation.model.ModelLoader;
import io.codesynth.generation.model.ModelSettings;
import io.codesynth.generation.testing.TestRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutting the engine down while it decodes, with a real tiny random checkpoint. */
class GenerationEngineTest {

    /** 1024 positions, one per step: minutes of decoding on a small machine, far more than the test waits. */
    private static final DecodingSettings SLOW = new DecodingSettings(DecodingAlgorithm.ENTROPY, 1024, 1024, 0.8, 0.95,
            null, 0.0, 1e-3, null, null, null);

    @TempDir
    Path dir;

    @Test
    void closingStopsTheRunningDecodeAtItsNextStepWithoutAnOutcome() {
        Path checkpoint = RandomDreamCheckpoint.write(dir.resolve("tiny"),
                RandomDreamCheckpoint.Dimensions.tiny().withMaxPositions(2048), 3);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GenerationEngine engine = new GenerationEngine(
                ModelLoader.load(checkpoint, ModelSettings.defaults().withDevice(DeviceChoice.CPU)),
                new MicroBatcher.Settings(16, Duration.ZERO), new GenerationMetrics(meters), Clock.systemUTC(),
                WorkerId.of(""));
        CompletableFuture<GenerationOutcome> running = engine.submit(
                engine.prepare(TestRequests.request(UUID.randomUUID(), 0, "def f():\n", 2, SLOW)));
        PreparedRequest late = engine.prepare(TestRequests.request(UUID.randomUUID(), 1, "x", 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> meters.get("codesynth.generation.batch.size").summary().count() == 1);

        long started = System.nanoTime();
        boolean closed = engine.close(Duration.ofSeconds(30));
        long closeMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(closed).as("batcher stopped and model freed").isTrue();
        assertThat(closeMillis).as("milliseconds to close").isLessThan(10_000);
        // CompletableFuture may wrap the cancellation in one of its own
        Throwable failure = catchThrowable(running::join);
        assertThat(Stream.iterate(failure, Objects::nonNull, Throwable::getCause))
                .hasAtLeastOneElementOfType(DecodingCancelledException.class);
        assertThat(meters.get("codesynth.generation.decode").timer().count()).as("completed decodes").isZero();
        assertThatThrownBy(() -> engine.submit(late).get()).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCancelledEngineRefusesNewRequestsButCanStillBeClosed() throws ExecutionException, InterruptedException {
        Path checkpoint = RandomDreamCheckpoint.write(dir.resolve("tiny"), RandomDreamCheckpoint.Dimensions.tiny(), 3);
        GenerationEngine engine = new GenerationEngine(
                ModelLoader.load(checkpoint, ModelSettings.defaults().withDevice(DeviceChoice.CPU)),
                new MicroBatcher.Settings(16, Duration.ZERO), new GenerationMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC(), WorkerId.of(""));
        PreparedRequest request = engine.prepare(TestRequests.request(UUID.randomUUID(), 0, "def f():\n", 1));
        assertThat(engine.submit(request).get()).isInstanceOf(GenerationOutcome.Generated.class);

        engine.cancel();

        assertThat(engine.submit(request)).isCompletedExceptionally();
        assertThat(engine.close(Duration.ofSeconds(10))).isTrue();
    }
}
