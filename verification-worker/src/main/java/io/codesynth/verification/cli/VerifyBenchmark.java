package io.codesynth.verification.cli;

import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.verification.judge.CandidateVerifier;
import io.codesynth.verification.sandbox.SandboxListener;
import io.codesynth.verification.sandbox.SandboxPool;
import io.codesynth.verification.sandbox.SandboxSettings;
import io.codesynth.verification.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench verify [--repeat 5] [--parallel N] [--problems P] [--unsandboxed] [--reference]}: runs the
 * HumanEval canonical solutions {@code repeat} times through the sandbox pool and prints programs/s,
 * p50/p99 latency per program and the sandbox start latency. {@code --reference} also times the
 * unsandboxed method of openai/human-eval (restated in {@code reference_harness.py}) on the same
 * programs with the host's python3, in the same run, for a like-for-like comparison.
 */
public final class VerifyBenchmark {

    static final String USAGE = """
            usage: bench verify [--repeat 5] [--parallel N] [--problems P.jsonl[.gz]] [--unsandboxed] [--reference]

              --repeat       how many times each canonical solution runs (default 5)
              --parallel     programs run at once (default: number of cores)
              --problems     HumanEval-format problems with canonical_solution (default: the bundled HumanEval)
              --unsandboxed  measure without bubblewrap (development only)
              --reference    also time human-eval's own method (unsandboxed, multiprocessing + exec, 4 workers)
            """;
    static final String HUMANEVAL = "/io/codesynth/verification/humaneval/HumanEval.jsonl.gz";
    static final String REFERENCE = "/io/codesynth/verification/bench/reference_harness.py";

    private VerifyBenchmark() {
    }

    public static void main(String[] args) {
        CliLogging.warningsOnly();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] words, PrintStream out, PrintStream err) {
        String[] rest = words;
        if (rest.length > 0 && rest[0].equals("bench")) {
            rest = Arrays.copyOfRange(rest, 1, rest.length);
        }
        if (rest.length > 0 && rest[0].equals("verify")) {
            rest = Arrays.copyOfRange(rest, 1, rest.length);
        }
        CliArgs args;
        try {
            args = CliArgs.parse(rest, Set.of("--repeat", "--parallel", "--problems"),
                    Set.of("--unsandboxed", "--reference", "--help"));
            if (args.flag("--help")) {
                out.print(USAGE);
                return 0;
            }
            args.positiveInt("--repeat", 5);
            args.positiveInt("--parallel", 1);
        } catch (CliArgs.UsageException e) {
            err.println("bench verify: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return bench(args, out, err);
        } catch (IOException e) {
            err.println("bench verify: " + e.getMessage());
            return 1;
        } catch (SandboxUnavailableException e) {
            err.println("bench verify: no sandbox: " + e.getMessage());
            return 1;
        }
    }

    private static int bench(CliArgs args, PrintStream out, PrintStream err) throws IOException, SandboxUnavailableException {
        int repeat = args.positiveInt("--repeat", 5);
        Map<String, ProblemFile.Entry> problems;
        Path problemsFile;
        if (args.value("--problems") != null) {
            problemsFile = Path.of(args.value("--problems"));
            problems = ProblemFile.read(problemsFile);
        } else {
            problemsFile = Files.createTempFile("humaneval-", ".jsonl.gz");
            try (InputStream in = VerifyBenchmark.class.getResourceAsStream(HUMANEVAL)) {
                Files.write(problemsFile, in.readAllBytes());
            }
            problems = ProblemFile.read(problemsFile);
        }
        List<ProblemFile.Entry> programs = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            for (ProblemFile.Entry entry : problems.values()) {
                if (entry.referenceSolution() == null) {
                    throw new IOException("problem " + entry.problem().taskId() + " has no canonical_solution");
                }
                programs.add(entry);
            }
        }
        SandboxSettings settings = VerifyCommand.settings(args);
        StartTimes starts = new StartTimes();
        long opening = System.nanoTime();
        int failures;
        try (SandboxPool pool = SandboxPool.open(settings, starts)) {
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            // the pool starts its other sandboxes in the background: let them come up before timing
            waitForWarm(pool, settings.concurrency());
            starts.reset();
            out.printf(Locale.ROOT, "bench verify: %d HumanEval canonical solutions x %d = %d programs, %d in parallel, %s%n",
                    problems.size(), repeat, programs.size(), settings.concurrency(),
                    settings.sandboxed() ? "sandboxed (" + pool.runtimes().bwrapVersion() + ")" : "UNSANDBOXED");
            out.printf(Locale.ROOT, "  pool ready in %.2f s (host checks, harness, first sandbox and a self-test run)%n",
                    openSeconds);
            failures = measure(new CandidateVerifier(pool), programs, settings.concurrency(), starts, out);
        }
        if (args.flag("--reference")) {
            reference(problemsFile, repeat, out, err);
        }
        if (args.value("--problems") == null) {
            Files.deleteIfExists(problemsFile);
        }
        return failures == 0 ? 0 : 1;
    }

    private static int measure(CandidateVerifier verifier, List<ProblemFile.Entry> programs, int parallel,
                               StartTimes starts, PrintStream out) {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[programs.size()];
        long[] inSandbox = new long[programs.size()];
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        // exactly `parallel` callers, so no run waits in the queue and latency is the time of one program
        for (int w = 0; w < parallel; w++) {
            workers.add(Thread.ofPlatform().name("bench-" + w).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < programs.size()) {
                    ProblemFile.Entry entry = programs.get(i);
                    Problem problem = entry.problem();
                    long begun = System.nanoTime();
                    CandidateVerdict verdict = verifier.verify(problem, problem.taskId() + "/" + i, i,
                            entry.referenceSolution(), verifier.limitsFor(null));
                    latencies[i] = System.nanoTime() - begun;
                    inSandbox[i] = verdict.durationMillis();
                    if (verdict.verdict() != VerdictKind.PASSED) {
                        failed.add(problem.taskId() + ": " + verdict.verdict() + " " + verdict.errorMessage());
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        Arrays.sort(inSandbox);
        out.printf(Locale.ROOT, "  ours:      %.1f programs/s (%d programs in %.2f s), %d not passed%n",
                programs.size() / seconds, programs.size(), seconds, failed.size());
        out.printf(Locale.ROOT, "             latency per program p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                        + "(program alone in the sandbox: p50 %d ms, p99 %d ms)%n",
                percentile(latencies, 50) / 1e6, percentile(latencies, 99) / 1e6, latencies[latencies.length - 1] / 1e6,
                percentile(inSandbox, 50), percentile(inSandbox, 99));
        out.printf(Locale.ROOT, "             sandboxes started during the run: %d (replaced every %d runs, started in "
                        + "the background), start latency p50 %.1f ms, max %.1f ms%n",
                starts.count(), verifier.pool().settings().runsPerSandbox(), starts.percentile(50), starts.max());
        failed.stream().limit(10).forEach(line -> out.println("  not passed: " + line));
        return failed.size();
    }

    private static void reference(Path problems, int repeat, PrintStream out, PrintStream err) throws IOException {
        Path script = Files.createTempFile("reference_harness-", ".py");
        try {
            try (InputStream in = VerifyBenchmark.class.getResourceAsStream(REFERENCE)) {
                Files.write(script, in.readAllBytes());
            }
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString(), problems.toString(),
                    Integer.toString(repeat), "4").redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0 || output.isEmpty()) {
                err.println("bench verify: the reference harness failed (exit " + process.exitValue() + ")");
                return;
            }
            JsonNode result = PipelineJson.mapper().readTree(output);
            int count = result.get("programs").asInt();
            double seconds = result.get("seconds").asDouble();
            out.printf(Locale.ROOT, "  reference: %.1f programs/s (%d programs in %.2f s, %d passed) - human-eval's "
                            + "method: multiprocessing + exec, 4 workers, no isolation, /usr/bin/python3%n",
                    count / seconds, count, seconds, result.get("passed").asInt());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static void waitForWarm(SandboxPool pool, int wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.warmSandboxes() < wanted && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Records sandbox start latencies. */
    private static final class StartTimes implements SandboxListener {

        private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        private final AtomicLong failures = new AtomicLong();

        @Override
        public void sandboxStarted(Duration latency) {
            nanos.add(latency.toNanos());
        }

        @Override
        public void sandboxFailed(String reason) {
            failures.incrementAndGet();
        }

        void reset() {
            nanos.clear();
        }

        int count() {
            return nanos.size();
        }

        double percentile(int percent) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return VerifyBenchmark.percentile(sorted, percent) / 1e6;
        }

        double max() {
            return nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
        }
    }
}
