package io.codesynth.verification.sandbox;

import static io.codesynth.verification.sandbox.TestSandboxes.limits;
import static io.codesynth.verification.sandbox.TestSandboxes.python;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SandboxPoolTest {

    @Test
    void runsBeyondTheConcurrencyLimitWaitInTheQueue() throws Exception {
        AtomicInteger longestQueue = new AtomicInteger();
        List<Duration> starts = new CopyOnWriteArrayList<>();
        SandboxListener listener = new SandboxListener() {
            @Override
            public void queueChanged(int waiting) {
                longestQueue.accumulateAndGet(waiting, Math::max);
            }

            @Override
            public void sandboxStarted(Duration latency) {
                starts.add(latency);
            }
        };
        try (SandboxPool pool = SandboxPool.open(TestSandboxes.settings(), listener);
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            List<Future<RunResult>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(callers.submit(() -> pool.run(python("    import time\n    time.sleep(0.4)\n    return x + 1\n",
                        limits(10)))));
            }
            for (Future<RunResult> run : runs) {
                assertThat(run.get().rankingDone()).isTrue();
            }
            // two at a time: three rounds of 0.4 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1150));
            assertThat(longestQueue.get()).isGreaterThanOrEqualTo(3);
            assertThat(pool.queueLength()).isZero();
            assertThat(starts).isNotEmpty();
        }
    }

    @Test
    void oneSandboxPerRunWorksToo() {
        try (SandboxPool pool = TestSandboxes.open(TestSandboxes.settings().withRunsPerSandbox(1))) {
            for (int i = 0; i < 3; i++) {
                RunResult result = pool.run(python("    return x + 1\n", limits(10)));
                assertThat(result.tests()).allMatch(TestResult::passed).hasSize(2);
                assertThat(result.sandboxed()).isTrue();
            }
        }
    }

    @Test
    void theUnsandboxedModeRunsAndMarksEveryResult() throws Exception {
        SandboxSettings settings = TestSandboxes.settings().withMode(SandboxMode.UNSANDBOXED);
        try (SandboxPool pool = SandboxPool.open(settings, null)) {
            RunResult result = pool.run(python("    return x + 1\n", limits(10)));
            assertThat(result.tests()).allMatch(TestResult::passed).hasSize(2);
            assertThat(result.sandboxed()).isFalse();
            assertThat(pool.runtimes().bwrapVersion()).isNull();
        }
    }
}
