package io.codesynth.generation.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batching loop driven without Kafka or a model: items are strings whose length is their size. */
class MicroBatcherTest {

    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> queueTimes = Collections.synchronizedList(new ArrayList<>());
    private final List<MicroBatcher<String, String>> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(MicroBatcher::close);
    }

    private MicroBatcher<String, String> batcher(int maxBatchSize, Duration maxWait,
            Function<List<String>, List<String>> processor) {
        MicroBatcher<String, String> batcher = new MicroBatcher<>("test-batcher",
                new MicroBatcher.Settings(maxBatchSize, maxWait), String::length,
                items -> {
                    batches.add(List.copyOf(items));
                    return processor.apply(items);
                },
                (items, size, nanos) -> queueTimes.add(nanos));
        started.add(batcher);
        return batcher;
    }

    private static List<String> upperCase(List<String> items) {
        return items.stream().map(String::toUpperCase).toList();
    }

    @Test
    void itemsArrivingWithinTheWaitShareABatchUpToTheLimit() throws Exception {
        MicroBatcher<String, String> batcher = batcher(4, Duration.ofMillis(1500), MicroBatcherTest::upperCase);
        List<CompletableFuture<String>> results = new ArrayList<>();
        long submitted = System.nanoTime();
        for (String item : List.of("a", "b", "c", "d", "e", "f")) {
            results.add(batcher.submit(item));
        }
        batcher.start();

        // the first four fill a batch at once, without waiting for the maximum
        assertThat(results.get(3).get(5, TimeUnit.SECONDS)).isEqualTo("D");
        assertThat(millisSince(submitted)).isLessThan(1000);
        assertThat(batches.get(0)).containsExactly("a", "b", "c", "d");
        // the last two wait for company up to the maximum, then run together
        assertThat(results.get(5).get(10, TimeUnit.SECONDS)).isEqualTo("F");
        assertThat(millisSince(submitted)).isGreaterThanOrEqualTo(1400);
        assertThat(batches).containsExactly(List.of("a", "b", "c", "d"), List.of("e", "f"));
        assertThat(results).extracting(CompletableFuture::join).containsExactly("A", "B", "C", "D", "E", "F");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Test
    void aLoneItemWaitsNoLongerThanTheMaximum() throws Exception {
        MicroBatcher<String, String> batcher = batcher(16, Duration.ofMillis(300), MicroBatcherTest::upperCase).start();

        long before = System.nanoTime();
        assertThat(batcher.submit("x").get(5, TimeUnit.SECONDS)).isEqualTo("X");
        long waitedMillis = (System.nanoTime() - before) / 1_000_000;

        assertThat(waitedMillis).isBetween(250L, 3000L);
        assertThat(batches).containsExactly(List.of("x"));
        assertThat(queueTimes.get(0)[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void anItemThatWouldOverflowTheBatchOpensTheNextOne() throws Exception {
        MicroBatcher<String, String> batcher = batcher(5, Duration.ZERO, MicroBatcherTest::upperCase);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String item : List.of("aa", "bb", "cc", "dddddddd", "e")) {
            results.add(batcher.submit(item));
        }
        batcher.start();
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        // sizes 2+2 fit, 2+2+2 would not; an item larger than the limit runs alone; order is kept
        assertThat(batches).containsExactly(List.of("aa", "bb"), List.of("cc"), List.of("dddddddd"), List.of("e"));
        assertThat(results).extracting(CompletableFuture::join).containsExactly("AA", "BB", "CC", "DDDDDDDD", "E");
    }

    @Test
    void anItemThatAlreadyWaitedBehindARunningBatchStartsWithoutFurtherWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher<String, String> batcher = batcher(2, Duration.ofSeconds(1), items -> {
            if (items.contains("sl")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> release.getCount() == 0);
            }
            return upperCase(items);
        }).start();
        // a full batch (size 2) starts at once and blocks the batcher
        CompletableFuture<String> slow = batcher.submit("sl");
        await().atMost(Duration.ofSeconds(5)).until(() -> !batches.isEmpty());
        long queued = System.nanoTime();
        CompletableFuture<String> late = batcher.submit("q");
        await().atMost(Duration.ofSeconds(5)).until(() -> millisSince(queued) > 1100);
        long released = System.nanoTime();
        release.countDown();

        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("SL");
        assertThat(late.get(5, TimeUnit.SECONDS)).isEqualTo("Q");
        // it had waited longer than the maximum already: no second wait for company
        assertThat(millisSince(released)).isLessThan(700);
        assertThat(batches).containsExactly(List.of("sl"), List.of("q"));
    }

    @Test
    void aFailingBatchFailsItsItemsAndTheNextBatchRuns() throws Exception {
        MicroBatcher<String, String> batcher = batcher(2, Duration.ZERO, items -> {
            if (items.contains("!")) {
                throw new IllegalStateException("model exploded");
            }
            return upperCase(items);
        });
        CompletableFuture<String> bad = batcher.submit("!");
        CompletableFuture<String> sameBatch = batcher.submit("b");
        batcher.start();
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("model exploded");
        assertThatThrownBy(() -> sameBatch.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

        assertThat(batcher.submit("ok").get(5, TimeUnit.SECONDS)).isEqualTo("OK");
    }

    @Test
    void closingCancelsWaitingItemsAndRefusesNewOnes() throws Exception {
        MicroBatcher<String, String> batcher = batcher(1, Duration.ZERO, MicroBatcherTest::upperCase);
        CompletableFuture<String> neverStarted = batcher.submit("a");

        assertThat(batcher.close(Duration.ofSeconds(1))).isTrue();

        assertThatThrownBy(() -> neverStarted.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> batcher.submit("b").get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }

    @Test
    void closingAnIdleBatcherStopsItsThread() {
        MicroBatcher<String, String> batcher = batcher(4, Duration.ofMillis(10), MicroBatcherTest::upperCase).start();
        assertThat(batcher.submit("a").join()).isEqualTo("A");

        assertThat(batcher.close(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new MicroBatcher.Settings(0, Duration.ZERO)).hasMessageContaining("maxBatchSize");
        assertThatThrownBy(() -> new MicroBatcher.Settings(1, Duration.ofMillis(-1))).hasMessageContaining("maxWait");
    }
}
