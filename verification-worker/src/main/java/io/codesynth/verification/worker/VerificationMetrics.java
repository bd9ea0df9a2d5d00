package io.codesynth.verification.worker;

import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.verification.sandbox.RunResult;
import io.codesynth.verification.sandbox.SandboxListener;
import io.codesynth.verification.sandbox.SandboxPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The worker's meters:
 * <ul>
 *   <li>{@code codesynth.verification.verdicts} (counter, tag {@code verdict}): verdicts by kind;</li>
 *   <li>{@code codesynth.verification.runs} (counter) and {@code codesynth.verification.runs.per.second}
 *       (gauge, mean over the last minute);</li>
 *   <li>{@code codesynth.verification.run.duration} (timer): time of a program in the sandbox;</li>
 *   <li>{@code codesynth.verification.queue.length} (gauge): runs waiting for a sandbox;</li>
 *   <li>{@code codesynth.verification.sandbox.start} (timer): sandbox start latency, and
 *       {@code codesynth.verification.sandbox.start.failures} (counter);</li>
 *   <li>{@code codesynth.verification.sandboxes.warm} (gauge): sandboxes running.</li>
 * </ul>
 */
final class VerificationMetrics implements SandboxListener {

    private static final int WINDOW_SECONDS = 60;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<VerdictKind, Counter> verdicts = new EnumMap<>(VerdictKind.class);
    private final Counter runs;
    private final Timer runDuration;
    private final Timer sandboxStart;
    private final Counter sandboxStartFailures;
    private final AtomicInteger queueLength = new AtomicInteger();
    // runs per second of the last minute, one slot per second, stamped with the second it counts
    private final AtomicLongArray counts = new AtomicLongArray(WINDOW_SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(WINDOW_SECONDS);

    VerificationMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (VerdictKind kind : VerdictKind.values()) {
            verdicts.put(kind, Counter.builder("codesynth.verification.verdicts").tag("verdict", kind.name())
                    .description("Verdicts by kind").register(registry));
        }
        runs = Counter.builder("codesynth.verification.runs").description("Programs run").register(registry);
        runDuration = Timer.builder("codesynth.verification.run.duration")
                .description("Time of one program in the sandbox").register(registry);
        sandboxStart = Timer.builder("codesynth.verification.sandbox.start")
                .description("Time from requesting a sandbox to its zygote reporting ready").register(registry);
        sandboxStartFailures = Counter.builder("codesynth.verification.sandbox.start.failures")
                .description("Sandboxes that could not be started").register(registry);
        Gauge.builder("codesynth.verification.queue.length", queueLength, AtomicInteger::get)
                .description("Runs waiting for a sandbox").register(registry);
        Gauge.builder("codesynth.verification.runs.per.second", this, VerificationMetrics::runsPerSecond)
                .description("Programs run per second, mean of the last minute").register(registry);
    }

    void bind(SandboxPool pool) {
        Gauge.builder("codesynth.verification.sandboxes.warm", pool, SandboxPool::warmSandboxes)
                .description("Sandboxes running").register(registry);
    }

    void verdicts(List<CandidateVerdict> batch) {
        for (CandidateVerdict verdict : batch) {
            verdicts.get(verdict.verdict()).increment();
        }
    }

    @Override
    public void sandboxStarted(Duration latency) {
        sandboxStart.record(latency);
    }

    @Override
    public void sandboxFailed(String reason) {
        sandboxStartFailures.increment();
    }

    @Override
    public void runFinished(RunResult result) {
        runs.increment();
        runDuration.record(result.durationMicros(), TimeUnit.MICROSECONDS);
        long second = clock.millis() / 1000;
        int slot = (int) (second % WINDOW_SECONDS);
        if (stamps.getAndSet(slot, second) != second) {
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
    }

    @Override
    public void queueChanged(int waiting) {
        queueLength.set(waiting);
    }

    double runsPerSecond() {
        long now = clock.millis() / 1000;
        long total = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long stamp = stamps.get(i);
            // the current second is still filling up: count the last 60 complete seconds
            if (stamp < now && now - stamp <= WINDOW_SECONDS) {
                total += counts.get(i);
            }
        }
        return (double) total / WINDOW_SECONDS;
    }
}
