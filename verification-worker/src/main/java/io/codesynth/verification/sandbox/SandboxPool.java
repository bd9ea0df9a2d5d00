package io.codesynth.verification.sandbox;

import io.codesynth.contracts.Language;
import io.codesynth.contracts.ProblemFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs programs in warm sandboxes, at most {@code concurrency} at a time; further runs wait in a queue.
 *
 * <p>Process start-up dominates the cost of a short run (bubblewrap plus an interpreter is ~50 ms,
 * the run itself a few ms), so each slot keeps a sandbox running and its zygote forks one child per
 * run; the child gets its own session, work directory and limits, and everything it leaves behind is
 * killed and wiped before the next run. A sandbox is replaced after {@code runsPerSandbox} runs and
 * after any abnormal run; its successor is started in the background meanwhile.
 *
 * <p>A run that cannot be carried out (the sandbox does not start or dies) yields a result with
 * {@link RunResult#sandboxError()} rather than an exception, so no candidate is ever lost.
 */
public final class SandboxPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxPool.class);
    /** Time a sandbox gets beyond the run's own wall limit before it is considered hung. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** A sandbox's successor is started this many runs before it retires, so no run waits for it. */
    private static final int START_AHEAD = 5;

    private final SandboxSettings settings;
    private final Runtimes runtimes;
    private final HarnessFiles harness;
    private final SandboxCommand command;
    private final SandboxListener listener;
    private final List<Slot> slots;
    private final BlockingQueue<Slot> idle;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger warm = new AtomicInteger();
    /** One long-lived platform thread starts every sandbox (see {@link WarmSandbox#start}). */
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("sandbox-launcher").factory());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sandbox-watchdog").factory());
    private volatile boolean closed;

    private SandboxPool(SandboxSettings settings, Runtimes runtimes, HarnessFiles harness, SandboxListener listener) {
        this.settings = settings;
        this.runtimes = runtimes;
        this.harness = harness;
        this.command = new SandboxCommand(settings, runtimes, harness.directory());
        this.listener = listener;
        this.idle = new ArrayBlockingQueue<>(settings.concurrency(), true);
        this.slots = IntStream.range(0, settings.concurrency()).mapToObj(i -> new Slot()).toList();
        idle.addAll(slots);
    }

    /**
     * Checks the host, starts one sandbox and runs a known program in it. Fails closed: without a
     * working sandbox (in sandboxed mode) no pool is made.
     */
    public static SandboxPool open(SandboxSettings settings, SandboxListener listener) throws SandboxUnavailableException {
        Runtimes runtimes = Runtimes.detect(settings);
        HarnessFiles harness = HarnessFiles.extract();
        SandboxPool pool = new SandboxPool(settings, runtimes, harness, listener == null ? SandboxListener.NONE : listener);
        try {
            pool.selfTest();
        } catch (SandboxUnavailableException | RuntimeException e) {
            pool.close();
            throw e;
        }
        if (!settings.sandboxed()) {
            log.warn("UNSANDBOXED MODE: candidate programs run as plain processes of this worker, with rlimits but "
                    + "WITHOUT any isolation (no namespaces, full view of the file system and the network). For "
                    + "development only; every verdict is marked sandboxed=false.");
        }
        log.info("Sandbox pool ready: {} ({}), Python {}, node {}, {} concurrent runs, sandbox replaced every {} runs",
                settings.mode().name().toLowerCase(), settings.sandboxed() ? runtimes.bwrapVersion() : "no bwrap",
                runtimes.pythonVersion(), runtimes.nodeVersion() == null ? "not installed" : runtimes.nodeVersion(),
                settings.concurrency(), settings.runsPerSandbox());
        return pool;
    }

    private void selfTest() throws SandboxUnavailableException {
        RunRequest probe = new RunRequest("self-test", Language.PYTHON, ProblemFormat.MBPP,
                "def probe(x):\n    return x + 1\n", null, "probe", List.of("assert probe(1) == 2"), List.of(),
                settings.defaults());
        Slot slot = idle.peek();
        RunResult result = slot.run(probe);
        if (result.sandboxError() != null) {
            throw new SandboxUnavailableException("could not start a sandbox: " + result.sandboxError()
                    + (settings.sandboxed() ? ". bubblewrap needs user namespaces (as root, or with "
                    + "kernel.unprivileged_userns_clone=1 / an AppArmor profile that allows bwrap)." : ""));
        }
        if (!result.rankingDone() || result.tests().size() != 1 || !result.tests().get(0).passed()) {
            throw new SandboxUnavailableException("the sandbox self-test did not pass: " + result);
        }
        for (Slot other : slots) {
            if (other != slot) {
                other.prestart();
            }
        }
    }

    /** Runs a program; blocks while all sandboxes are busy. Never throws for anything the program does. */
    public RunResult run(RunRequest request) {
        if (closed) {
            return RunResult.sandboxFailure("the sandbox pool is shut down", 0, settings.sandboxed());
        }
        listener.queueChanged(waiting.incrementAndGet());
        Slot slot;
        try {
            slot = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunResult.sandboxFailure("interrupted while waiting for a sandbox", 0, settings.sandboxed());
        } finally {
            listener.queueChanged(waiting.decrementAndGet());
        }
        try {
            RunResult result = slot.run(request);
            listener.runFinished(result);
            return result;
        } finally {
            idle.add(slot);
        }
    }

    /** Runs waiting for a sandbox right now. */
    public int queueLength() {
        return waiting.get();
    }

    /** Sandboxes running (busy or idle). */
    public int warmSandboxes() {
        return warm.get();
    }

    public SandboxSettings settings() {
        return settings;
    }

    public Runtimes runtimes() {
        return runtimes;
    }

    @Override
    public void close() {
        closed = true;
        for (Slot slot : slots) {
            slot.close();
        }
        launcher.shutdownNow();
        watchdog.shutdownNow();
        harness.close();
    }

    /** One concurrency slot: at most one sandbox, used by one run at a time. */
    private final class Slot {

        // written by the run holding the slot; read by close() from any thread
        private volatile CompletableFuture<WarmSandbox> next;
        private volatile WarmSandbox current;

        RunResult run(RunRequest request) {
            long started = System.nanoTime();
            for (int attempt = 1; ; attempt++) {
                WarmSandbox sandbox;
                try {
                    sandbox = acquire();
                } catch (IOException e) {
                    listener.sandboxFailed(e.getMessage());
                    log.error("Could not start a sandbox: {}", e.getMessage());
                    return RunResult.sandboxFailure("could not start a sandbox: " + e.getMessage(),
                            micros(started), settings.sandboxed());
                }
                boolean fresh = sandbox.runs() == 0;
                RunResult result;
                try {
                    result = sandbox.run(request, Duration.ofMillis((long) (request.limits().wallSeconds() * 1000))
                            .plus(GRACE), watchdog);
                } catch (IOException | RuntimeException e) {
                    discard();
                    if (!fresh && attempt == 1) {
                        // a sandbox that served earlier runs may have died in between: one more try on a new one
                        log.warn("Sandbox failed before run {}, retrying on a new one: {}", request.id(), e.getMessage());
                        continue;
                    }
                    log.error("Sandbox failed during run {}: {}", request.id(), e.getMessage());
                    return RunResult.sandboxFailure(e.getMessage(), micros(started), settings.sandboxed());
                }
                if (result.abnormal() || sandbox.runs() >= settings.runsPerSandbox() || !sandbox.alive()) {
                    discard();
                    prestart();
                } else if (sandbox.runs() >= settings.runsPerSandbox() - START_AHEAD) {
                    prestart();
                }
                return result;
            }
        }

        private WarmSandbox acquire() throws IOException {
            if (current != null && current.alive()) {
                return current;
            }
            discard();
            CompletableFuture<WarmSandbox> pending = next != null ? next : start();
            next = null;
            try {
                current = pending.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting a sandbox", e);
            }
            if (!current.alive()) {
                // a prestarted sandbox that died while idle: start one more
                discard();
                try {
                    current = start().get();
                } catch (ExecutionException | InterruptedException e) {
                    throw new IOException("could not start a sandbox: " + e.getMessage(), e);
                }
            }
            return current;
        }

        void prestart() {
            if (next == null && !closed) {
                next = start();
            }
        }

        private CompletableFuture<WarmSandbox> start() {
            return CompletableFuture.supplyAsync(() -> {
                long begun = System.nanoTime();
                Path work = null;
                try {
                    if (!settings.sandboxed()) {
                        work = Files.createTempDirectory("codesynth-run-",
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    }
                    WarmSandbox sandbox = WarmSandbox.start(command.command(work), command.environment(work), work,
                            settings.sandboxed(), settings.startTimeout(), watchdog);
                    warm.incrementAndGet();
                    listener.sandboxStarted(Duration.ofNanos(System.nanoTime() - begun));
                    return sandbox;
                } catch (IOException e) {
                    if (work != null) {
                        HarnessFiles.deleteTree(work);
                    }
                    throw new CompletionException(e);
                }
            }, launcher);
        }

        private void discard() {
            WarmSandbox sandbox = current;
            current = null;
            if (sandbox != null) {
                sandbox.close();
                warm.decrementAndGet();
            }
        }

        void close() {
            discard();
            CompletableFuture<WarmSandbox> pending = next;
            next = null;
            if (pending != null) {
                pending.thenAccept(sandbox -> {
                    sandbox.close();
                    warm.decrementAndGet();
                });
            }
        }
    }

    private static long micros(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1000;
    }
}
