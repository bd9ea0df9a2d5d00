package io.codesynth.demomodel;

import io.codesynth.demomodel.training.AdamW;
import io.codesynth.demomodel.training.DemoArchitecture;
import io.codesynth.demomodel.training.DemoCheckpoint;
import io.codesynth.demomodel.training.DiffusionBatch;
import io.codesynth.demomodel.training.GreedyExactMatch;
import io.codesynth.demomodel.training.LearningRateSchedule;
import io.codesynth.demomodel.training.TrainableDream;
import io.codesynth.demomodel.training.Trainer;
import io.codesynth.demomodel.training.TrainingStep;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code train-demo-model}: learns the demo tokenizer, tokenises training and held-out problems, trains the
 * demo model for a wall-clock budget and writes the checkpoint (plus a README stating how it was made) into
 * {@code --out}, replacing what was there only once the run has finished.
 *
 * <p>Sizing the schedule: unless {@code --steps} fixes it, a short timing probe (three warm-up steps and ten
 * timed steps on a throw-away copy of the model) estimates the step time, the cosine schedule is sized to
 * the steps that fit the budget, and once the run has timed its own steps 11 to 50 the schedule is re-sized
 * to what fits the rest of the budget (the probe's cold engine guesses slow). The budget stays a hard cap
 * either way: the run ends after the step during which it ran out, so a schedule that is still too long leaves
 * the learning rate short of its floor, never the run over time. The probe, held-out evaluation and checkpointing count against the budget; preparing the
 * tokenizer and data does not.
 */
public final class TrainDemoModelCommand {

    /** Timed steps of the probe, after {@value #PROBE_WARMUP_STEPS} untimed ones: the engine's first steps are slow. */
    private static final int PROBE_STEPS = 10;
    private static final int PROBE_WARMUP_STEPS = 3;
    /** The run's own steps that {@link Sizing} times. */
    private static final int TIMED_FROM = 11;
    private static final int TIMED_TO = 50;
    /** The share of a run's budget its ten held-out evaluations take (about 12 s each), left out of the schedule. */
    private static final double EVALUATION_SHARE = 0.03;
    /** Steps the schedule warms up over, as a fraction of its length. */
    private static final double WARMUP_FRACTION = 0.03;
    /** The schedule's floor, as a fraction of the peak. */
    private static final double FLOOR_FRACTION = 0.1;
    /** About this many progress lines per run. */
    private static final int PROGRESS_LINES = 100;

    private TrainDemoModelCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        TrainDemoModelArguments arguments;
        try {
            arguments = TrainDemoModelArguments.parse(args);
        } catch (TrainDemoModelArguments.HelpRequested e) {
            out.print(TrainDemoModelArguments.USAGE);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("train-demo-model: " + e.getMessage());
            err.println();
            err.print(TrainDemoModelArguments.USAGE);
            return 2;
        }
        try {
            train(arguments, out);
            return 0;
        } catch (RuntimeException e) {
            err.println("train-demo-model: " + e.getMessage());
            return 1;
        }
    }

    /** Trains as {@code arguments} say and writes the checkpoint to {@code arguments.out()}. */
    static void train(TrainDemoModelArguments arguments, PrintStream out) {
        Path target = arguments.out().toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (Files.isDirectory(target) && !Files.exists(target.resolve("config.json")) && !isEmpty(target)) {
            throw new IllegalArgumentException(target + " holds files but no checkpoint (no config.json); refusing to replace it");
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " is a file, not a directory");
        }
        Path staging;
        Path tokenizerDir;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
            tokenizerDir = Files.createTempDirectory("demo-tokenizer-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a working directory next to " + target, e);
        }
        try {
            long seed = arguments.seed();
            out.printf(Locale.ROOT, "learning the tokenizer on %d problems (%d merges)...%n", arguments.tokenizerProblems(),
                    arguments.merges());
            DemoTokenizer.build(seed, arguments.tokenizerProblems(), arguments.merges(), tokenizerDir);
            try (ModelTokenizer tokenizer = ModelTokenizer.load(tokenizerDir)) {
                ProblemGenerator generator = new ProblemGenerator(seed);
                List<TrainingExample> training = examples(generator, Split.TRAIN, arguments.problems(), tokenizer,
                        arguments.completionTokens(), out).examples();
                Prepared heldOut = examples(generator, Split.HELD_OUT, arguments.heldOutProblems(), tokenizer,
                        arguments.completionTokens(), out);
                DemoArchitecture architecture = DemoArchitecture.of(arguments.dimensions(), tokenizer);
                int longest = Stream.concat(training.stream(), heldOut.examples().stream()).mapToInt(TrainingExample::length).max().orElse(0);
                if (longest > arguments.dimensions().maxPositions()) {
                    throw new IllegalArgumentException("the longest example has " + longest
                            + " tokens, more than --context " + arguments.dimensions().maxPositions());
                }
                out.printf(Locale.ROOT, "model: %,d parameters (%s), vocabulary %d; %d training and %d held-out problems%n",
                        architecture.parameterCount(), arguments.dimensions(), architecture.vocabSize(), training.size(),
                        heldOut.examples().size());
                RunFigures figures = trainAndWrite(arguments, architecture, training, heldOut, tokenizerDir, staging, out);
                Files.writeString(staging.resolve("README.md"), readme(arguments, architecture, figures));
            }
            replace(target, staging);
            out.println("wrote the demo model to " + target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo model to " + target, e);
        } finally {
            deleteQuietly(tokenizerDir);
            deleteQuietly(staging);
        }
    }

    /** What a run measured, for the README. */
    record RunFigures(int steps, int scheduleSteps, Duration wallTime, double finalLoss, double heldOutLoss,
            GreedyExactMatch.Score exactMatch, double tokensPerSecond) {
    }

    /** Problems whose solution fits the generation window, and their training examples, index for index. */
    record Prepared(List<GeneratedProblem> problems, List<TrainingExample> examples) {
    }

    private static RunFigures trainAndWrite(TrainDemoModelArguments arguments, DemoArchitecture architecture,
            List<TrainingExample> training, Prepared heldOut, Path tokenizerDir, Path staging, PrintStream out) {
        long started = System.nanoTime();
        int batch = Math.min(arguments.batchSize(), training.size());
        int scheduleSteps = arguments.steps().isPresent()
                ? arguments.steps().getAsInt()
                : estimateSteps(arguments, architecture, training, batch, out);
        scheduleSteps = Math.max(scheduleSteps, 2);
        int logEvery = Math.max(1, scheduleSteps / PROGRESS_LINES);
        Duration remaining = arguments.budget().minusNanos(System.nanoTime() - started);
        Trainer trainer = new Trainer(batch, logEvery, 0, arguments.seed());
        try (TrainableDream model = TrainableDream.initialise(architecture, arguments.seed());
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), schedule(arguments, scheduleSteps))) {
            Evaluation evaluation = new Evaluation(step, model, heldOut, architecture, batch, arguments, tokenizerDir,
                    staging, out);
            Sizing sizing = new Sizing(step, arguments, started, out);
            Trainer.Summary summary = trainer.train(model, step, training, staging, tokenizerDir, out::println,
                    remaining.isNegative() ? Duration.ZERO : remaining, completed -> {
                        sizing.afterStep(completed);
                        if (completed % sizing.evalEvery == 0) {
                            evaluation.run(completed);
                        }
                    });
            if (evaluation.evaluatedAt != summary.steps()) {
                evaluation.run(summary.steps());
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            return new RunFigures(summary.steps(), step.schedule().totalSteps(), wall, summary.lastMeanLoss(), evaluation.loss,
                    evaluation.exactMatch, summary.tokensPerSecond());
        }
    }

    /** Warm-up over the first {@value #WARMUP_FRACTION} of {@code steps}, then cosine decay to the floor. */
    private static LearningRateSchedule schedule(TrainDemoModelArguments arguments, int steps) {
        int warmup = Math.max(1, (int) Math.round(steps * WARMUP_FRACTION));
        return new LearningRateSchedule(arguments.learningRate(), arguments.learningRate() * FLOOR_FRACTION, warmup, steps);
    }

    private static int evalEvery(TrainDemoModelArguments arguments, int steps) {
        return arguments.evalEvery().orElse(Math.max(1, steps / 10));
    }

    /**
     * Re-sizes a probed schedule once the run has timed its own steps: the probe's steps run on a cold engine
     * and came out 25% to 75% slower than the run's (1,070 ms against 612 ms in one run), which left up to two
     * fifths of the budget unused. Steps {@value #TIMED_FROM} to {@value #TIMED_TO} are timed, and after step
     * {@value #TIMED_TO} the schedule gets the steps that fit what is left of the budget. A run whose
     * {@code --steps} fixed the schedule is left alone.
     */
    private static final class Sizing {
        private final TrainingStep step;
        private final TrainDemoModelArguments arguments;
        private final long started;
        private final PrintStream out;
        private long timedFrom;
        int evalEvery;

        Sizing(TrainingStep step, TrainDemoModelArguments arguments, long started, PrintStream out) {
            this.step = step;
            this.arguments = arguments;
            this.started = started;
            this.out = out;
            this.evalEvery = evalEvery(arguments, step.schedule().totalSteps());
        }

        void afterStep(int completed) {
            if (arguments.steps().isPresent() || step.schedule().totalSteps() <= TIMED_TO) {
                return;
            }
            if (completed == TIMED_FROM - 1) {
                timedFrom = System.nanoTime();
            } else if (completed == TIMED_TO) {
                long now = System.nanoTime();
                double stepNanos = (now - timedFrom) / (double) (TIMED_TO - TIMED_FROM + 1);
                double left = (arguments.budget().toNanos() - (now - started)) * (1 - EVALUATION_SHARE);
                int total = (int) Math.max(completed + 1, Math.min(Integer.MAX_VALUE, completed + left / stepNanos));
                step.reschedule(schedule(arguments, total));
                evalEvery = evalEvery(arguments, total);
                out.printf(Locale.ROOT, "re-sized the schedule: %.0f ms per step over steps %d-%d -> %d steps%n",
                        stepNanos / 1e6, TIMED_FROM, TIMED_TO, total);
            }
        }
    }

    /** Steps that fit the budget at the step time of a short probe on a throw-away copy of the model. */
    private static int estimateSteps(TrainDemoModelArguments arguments, DemoArchitecture architecture,
            List<TrainingExample> training, int batch, PrintStream out) {
        long probeStarted = System.nanoTime();
        SplittableRandom masking = new SplittableRandom(arguments.seed());
        long nanos = 0;
        try (TrainableDream probe = TrainableDream.initialise(architecture, arguments.seed());
                TrainingStep step = new TrainingStep(probe, AdamW.Settings.defaults(),
                        new LearningRateSchedule(arguments.learningRate(), 0, 0, PROBE_WARMUP_STEPS + PROBE_STEPS))) {
            for (int i = 0; i < PROBE_WARMUP_STEPS + PROBE_STEPS; i++) {
                int from = (i * batch) % (training.size() - batch + 1);
                TrainingStep.Result result = step.run(DiffusionBatch.sample(training.subList(from, from + batch),
                        architecture.maskId(), architecture.padId(), masking));
                nanos += i < PROBE_WARMUP_STEPS ? 0 : result.nanos();
            }
        }
        double stepNanos = nanos / (double) PROBE_STEPS;
        double left = (arguments.budget().toNanos() - (System.nanoTime() - probeStarted)) * (1 - EVALUATION_SHARE);
        int steps = (int) Math.max(2, Math.min(Integer.MAX_VALUE, left / stepNanos));
        out.printf(Locale.ROOT, "timing probe: %.0f ms per step of %d sequences -> a schedule of %d steps%n",
                stepNanos / 1e6, batch, steps);
        return steps;
    }

    /**
     * Held-out evaluation, every so often and at the end: the masked-diffusion loss, and greedy decoding of the
     * held-out prompts by the checkpoint as written so far, scored by exact match.
     */
    private static final class Evaluation {
        private final TrainingStep step;
        private final TrainableDream model;
        private final Prepared heldOut;
        private final DemoArchitecture architecture;
        private final int batch;
        private final TrainDemoModelArguments arguments;
        private final Path tokenizerDir;
        private final Path staging;
        private final PrintStream out;
        double loss = Double.NaN;
        GreedyExactMatch.Score exactMatch = new GreedyExactMatch.Score(0, 0, 0);
        int evaluatedAt;

        Evaluation(TrainingStep step, TrainableDream model, Prepared heldOut, DemoArchitecture architecture, int batch,
                TrainDemoModelArguments arguments, Path tokenizerDir, Path staging, PrintStream out) {
            this.step = step;
            this.model = model;
            this.heldOut = heldOut;
            this.architecture = architecture;
            this.batch = batch;
            this.arguments = arguments;
            this.tokenizerDir = tokenizerDir;
            this.staging = staging;
            this.out = out;
        }

        void run(int completed) {
            loss = heldOutLoss(step, heldOut.examples(), architecture, batch, arguments.seed());
            DemoCheckpoint.write(staging, model, tokenizerDir);
            exactMatch = GreedyExactMatch.evaluate(staging, heldOut.problems(), arguments.completionTokens());
            evaluatedAt = completed;
            out.printf(Locale.ROOT, "step %d  held-out loss %.4f  greedy exact match %d/%d (%.1f%%, decoded in %.1f s)%n",
                    completed, loss, exactMatch.exact(), exactMatch.problems(), 100 * exactMatch.rate(),
                    exactMatch.seconds());
        }
    }

    /** The masked-diffusion loss over the held-out examples, with the same masks every time it is asked. */
    private static double heldOutLoss(TrainingStep step, List<TrainingExample> heldOut, DemoArchitecture architecture,
            int batch, long seed) {
        SplittableRandom masking = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double weighted = 0;
        int batches = 0;
        for (int from = 0; from < heldOut.size(); from += batch) {
            List<TrainingExample> slice = heldOut.subList(from, Math.min(heldOut.size(), from + batch));
            weighted += step.evaluate(DiffusionBatch.sample(slice, architecture.maskId(), architecture.padId(), masking))
                    * slice.size();
            batches += slice.size();
        }
        return weighted / batches;
    }

    /** The first {@code count} problems of {@code split} whose solution fits the window, saying how many did not. */
    private static Prepared examples(ProblemGenerator generator, Split split, int count, ModelTokenizer tokenizer,
            int completionTokens, PrintStream out) {
        List<GeneratedProblem> problems = new ArrayList<>();
        List<TrainingExample> examples = new ArrayList<>();
        for (GeneratedProblem problem : generator.generate(split, 0, count)) {
            TrainingExample.padded(problem, tokenizer, completionTokens).ifPresent(example -> {
                problems.add(problem);
                examples.add(example);
            });
        }
        if (examples.size() < count) {
            out.printf(Locale.ROOT, "%d of %d %s problems left out: their solution needs more than %d tokens%n",
                    count - examples.size(), count, split.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    completionTokens - 1);
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no " + split + " problem fits --completion-tokens " + completionTokens);
        }
        return new Prepared(List.copyOf(problems), List.copyOf(examples));
    }

    static String readme(TrainDemoModelArguments arguments, DemoArchitecture architecture, RunFigures figures) {
        var d = arguments.dimensions();
        return String.format(Locale.ROOT, """
                # CodeSynth demo model

                A Dream-architecture masked-diffusion model trained from scratch on the demo task family by
                `train-demo-model`. Every figure below was measured by the run that wrote this directory.

                | | |
                |---|---|
                | command | `./codesynth train-demo-model --minutes %s --seed %d --hidden %d --layers %d --heads %d --kv-heads %d --intermediate %d --context %d --batch %d%s --lr %s --problems %d --heldout-problems %d --tokenizer-problems %d --merges %d --completion-tokens %d` |
                | parameters | %,d (hidden %d, %d layers, %d heads, %d kv-heads, MLP %d, vocabulary %d) |
                | data | %d training problems, %d held-out problems, tokenizer learnt on %d problems with %d merges; completions filled with end tokens to %d |
                | steps | %d of a %d-step schedule (batch %d, peak learning rate %s) |
                | wall time | %s (training, evaluation and checkpoint; tokenizer and data preparation not included) |
                | final training loss | %.4f (mean over the last progress window) |
                | held-out loss | %.4f |
                | held-out greedy exact match | %d of %d (%.1f%%): greedy decoding, %d tokens in %d steps, text equal to the canonical solution |
                | throughput | %.0f tokens/s |
                """, minutes(arguments.budget()), arguments.seed(), d.hiddenSize(), d.layers(), d.heads(), d.kvHeads(),
                d.intermediateSize(), d.maxPositions(), arguments.batchSize(),
                arguments.steps().isPresent() ? " --steps " + arguments.steps().getAsInt() : "", arguments.learningRate(),
                arguments.problems(), arguments.heldOutProblems(), arguments.tokenizerProblems(), arguments.merges(),
                arguments.completionTokens(), architecture.parameterCount(), d.hiddenSize(), d.layers(), d.heads(), d.kvHeads(), d.intermediateSize(),
                architecture.vocabSize(), arguments.problems(), arguments.heldOutProblems(), arguments.tokenizerProblems(),
                arguments.merges(), arguments.completionTokens(), figures.steps(), figures.scheduleSteps(), arguments.batchSize(),
                arguments.learningRate(), wall(figures.wallTime()), figures.finalLoss(), figures.heldOutLoss(),
                figures.exactMatch().exact(), figures.exactMatch().problems(), 100 * figures.exactMatch().rate(),
                arguments.completionTokens(), arguments.completionTokens(), figures.tokensPerSecond());
    }

    private static String minutes(Duration budget) {
        double minutes = budget.toMillis() / 60_000.0;
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }

    private static String wall(Duration duration) {
        return String.format(Locale.ROOT, "%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
    }

    /** Puts {@code staging} at {@code target}: a rename each, so readers see the old or the new directory, whole. */
    private static void replace(Path target, Path staging) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        deleteQuietly(old);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
