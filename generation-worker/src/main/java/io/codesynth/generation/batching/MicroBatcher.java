package io.codesynth.generation.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects items submitted from any thread into batches processed one at a time on the batcher's own thread, in
 * the shape of djl-serving's {@code BatchAggregator}: take the first waiting item, add more as they arrive until
 * the batch is full or the first item has waited {@code maxWait}, process the batch, complete each item's future.
 *
 * <p>Batch size is measured in {@code sizeOf} units (rows: a generation request counts its samples). An item
 * that would overflow the batch waits, first in line, for the next one; an item larger than the limit forms a
 * batch of its own. The wait is counted from the first item's arrival, so an item that already queued behind a
 * long batch starts without further delay.
 *
 * @param <T> submitted item
 * @param <R> per-item result
 */
public final class MicroBatcher<T, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

    /**
     * @param maxBatchSize most units per batch (an item larger than this still runs, alone)
     * @param maxWait      longest time the first item of a batch waits for company
     */
    public record Settings(int maxBatchSize, Duration maxWait) {

        public Settings {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
            }
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must be zero or positive, was " + maxWait);
            }
        }
    }

    /** Told about each batch as it starts. */
    @FunctionalInterface
    public interface BatchObserver {

        /**
         * @param items      items in the batch
         * @param size       their total size in units
         * @param queueNanos for each item, the time from submission to the start of its batch
         */
        void batchStarted(int items, int size, long[] queueNanos);
    }

    private record Pending<T, R>(T item, int size, long submittedNanos, CompletableFuture<R> result) {
    }

    private final Settings settings;
    private final ToIntFunction<T> sizeOf;
    private final Function<List<T>, List<R>> processor;
    private final BatchObserver observer;
    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** Queued by {@link #close} to wake the batcher thread; never processed. */
    private final Pending<T, R> stopSignal = new Pending<>(null, 0, 0, new CompletableFuture<>());
    private volatile boolean closed;
    /** An item taken from the queue that did not fit the previous batch; only the batcher thread touches it. */
    private Pending<T, R> carried;

    /**
     * @param processor turns a batch into one result per item, in order; if it throws, every item of the batch
     *                  fails with that exception (a {@link CancellationException} when it gave up on purpose)
     */
    public MicroBatcher(String name, Settings settings, ToIntFunction<T> sizeOf, Function<List<T>, List<R>> processor,
            BatchObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sizeOf = Objects.requireNonNull(sizeOf, "sizeOf");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    /** Starts the batcher thread; returns this. */
    public MicroBatcher<T, R> start() {
        thread.start();
        return this;
    }

    /** Queues an item; the future completes with its result once its batch has run. */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new CancellationException("the batcher is closed"));
            return result;
        }
        queue.add(new Pending<>(item, Math.max(1, sizeOf.applyAsInt(item)), System.nanoTime(), result));
        if (closed) {
            // closed while adding: the batcher thread may have stopped before seeing this item
            cancelQueued();
        }
        return result;
    }

    /** Items waiting for a batch (not counting the running one). */
    public int waiting() {
        return queue.size();
    }

    /**
     * Stops taking new batches, waits up to {@code timeout} for the running batch to finish (the processor may be
     * told to give up on it first), and fails the items still waiting with a {@link CancellationException}.
     *
     * @return true when the batcher thread has finished, false when its running batch is still going
     */
    public boolean close(Duration timeout) {
        if (closed) {
            return !thread.isAlive();
        }
        closed = true;
        // wakes a batcher thread blocked on an empty queue; a running batch is left to finish (or to notice that
        // its processor was cancelled)
        queue.add(stopSignal);
        try {
            if (thread.getState() != Thread.State.NEW) {
                thread.join(timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean finished = !thread.isAlive();
        if (!finished) {
            log.warn("Batcher {} still busy after {}; leaving its running batch behind", thread.getName(), timeout);
        }
        cancelQueued();
        return finished;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void run() {
        try {
            while (!closed) {
                List<Pending<T, R>> batch = nextBatch();
                if (!batch.isEmpty()) {
                    process(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (carried != null && carried != stopSignal) {
                carried.result().completeExceptionally(new CancellationException("the batcher is closed"));
            }
            cancelQueued();
        }
    }

    /** The next batch; empty when the stop signal came first. */
    private List<Pending<T, R>> nextBatch() throws InterruptedException {
        Pending<T, R> first = carried != null ? carried : queue.take();
        carried = null;
        List<Pending<T, R>> batch = new ArrayList<>();
        if (first == stopSignal) {
            return batch;
        }
        batch.add(first);
        int size = first.size();
        long deadline = first.submittedNanos() + settings.maxWait().toNanos();
        while (size < settings.maxBatchSize()) {
            long remaining = deadline - System.nanoTime();
            Pending<T, R> next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            if (next == stopSignal || size + next.size() > settings.maxBatchSize()) {
                carried = next;
                break;
            }
            batch.add(next);
            size += next.size();
        }
        return batch;
    }

    private void process(List<Pending<T, R>> batch) {
        long started = System.nanoTime();
        long[] queueNanos = new long[batch.size()];
        int size = 0;
        for (int i = 0; i < batch.size(); i++) {
            queueNanos[i] = started - batch.get(i).submittedNanos();
            size += batch.get(i).size();
        }
        try {
            observer.batchStarted(batch.size(), size, queueNanos);
            List<R> results = processor.apply(batch.stream().map(Pending::item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException("the batch processor returned " + results.size() + " results for "
                        + batch.size() + " items");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (CancellationException e) {
            // the processor gave up on purpose (shutdown): nothing is wrong with the items
            log.info("A batch of {} items was cancelled: {}", batch.size(), e.getMessage());
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        } catch (RuntimeException | Error e) {
            // the processor's own failure (not one item's): every item of the batch shares it
            log.error("A batch of {} items failed as a whole", batch.size(), e);
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        }
    }

    private void cancelQueued() {
        List<Pending<T, R>> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending<T, R> pending : left) {
            if (pending != stopSignal) {
                pending.result().completeExceptionally(new CancellationException("the batcher is closed"));
            }
        }
    }
}
