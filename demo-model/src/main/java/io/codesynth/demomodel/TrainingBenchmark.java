package io.codesynth.demomodel;

import io.codesynth.demomodel.training.AdamW;
import io.codesynth.demomodel.training.DemoArchitecture;
import io.codesynth.demomodel.training.DiffusionBatch;
import io.codesynth.demomodel.training.DiffusionLoss;
import io.codesynth.demomodel.training.LearningRateSchedule;
import io.codesynth.demomodel.training.TrainableDream;
import io.codesynth.demomodel.training.TrainingStep;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code bench train}: the demo model's training step (forward, backward, AdamW) at the bundled model's shape
 * on batches of the task family, with lm_head and the log-softmax run on the masked positions only (what
 * training does) against every position. Both variants start from the same weights and take the same
 * batches, one step each in turn so that load on the machine hits both alike; their losses must agree.
 */
public final class TrainingBenchmark {

    static final String USAGE = """
            usage: bench train [--batch 32] [--steps 20] [--seed 42]

              --batch N   sequences per step (default 32, as train-demo-model)
              --steps N   timed steps per variant, after 3 untimed ones (default 20)
              --seed K    problems, masks and initial weights (default 42)
            """;
    private static final Set<String> OPTIONS = Set.of("--batch", "--steps", "--seed");
    private static final int UNTIMED_STEPS = 3;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        OptionPairs options = OptionPairs.parse(args, OPTIONS);
        int status = options.exitStatus("bench train", USAGE, out, err);
        if (status >= 0) {
            return status;
        }
        Map<String, String> given = options.given();
        int batch;
        int steps;
        long seed;
        try {
            batch = Integer.parseInt(given.getOrDefault("--batch", "32"));
            steps = Integer.parseInt(given.getOrDefault("--steps", "20"));
            seed = Long.parseLong(given.getOrDefault("--seed", "42"));
        } catch (NumberFormatException e) {
            return usage(err, "--batch, --steps and --seed must be integers");
        }
        if (batch < 1 || batch > 1024 || steps < 1 || steps > 10_000) {
            return usage(err, "--batch must lie in 1..1024 and --steps in 1..10000");
        }
        Path tokenizerDir = null;
        try {
            tokenizerDir = Files.createTempDirectory("codesynth-bench-train");
            measure(batch, steps, seed, tokenizerDir, out);
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("bench train: " + e.getMessage());
            return 1;
        } finally {
            TrainDemoModelCommand.deleteQuietly(tokenizerDir);
        }
    }

    private static void measure(int batch, int steps, long seed, Path tokenizerDir, PrintStream out) {
        TrainDemoModelArguments defaults = TrainDemoModelArguments.parse(new String[0]);
        // the tokenizer train-demo-model learns, so that the vocabulary (and lm_head's share of a step) is the real one
        out.printf(Locale.ROOT, "learning the tokenizer on %d problems...%n", defaults.tokenizerProblems());
        DemoTokenizer.build(seed, defaults.tokenizerProblems(), defaults.merges(), tokenizerDir);
        try (ModelTokenizer tokenizer = ModelTokenizer.load(tokenizerDir)) {
            int total = UNTIMED_STEPS + steps;
            List<TrainingExample> examples = new ArrayList<>();
            ProblemGenerator generator = new ProblemGenerator(seed);
            for (long index = 0; examples.size() < total * batch; index++) {
                TrainingExample.padded(generator.generate(Split.TRAIN, index), tokenizer, defaults.completionTokens())
                        .ifPresent(examples::add);
            }
            DemoArchitecture architecture = DemoArchitecture.of(defaults.dimensions(), tokenizer);
            Dimensions d = defaults.dimensions();
            out.printf(Locale.ROOT, "bench train: the demo model's shape, %,d parameters (hidden %d, %d layers, %d heads,"
                            + " %d kv-heads, vocabulary %,d); batches of %d training problems; %d timed steps per variant"
                            + " after %d untimed, taken in turn%n", architecture.parameterCount(), d.hiddenSize(), d.layers(),
                    d.heads(), d.kvHeads(), architecture.vocabSize(), batch, steps, UNTIMED_STEPS);

            LearningRateSchedule schedule = new LearningRateSchedule(defaults.learningRate(), 0, 0, total);
            List<Variant> variants = new ArrayList<>();
            double largestLossGap = 0;
            try {
                for (DiffusionLoss.Rows rows : DiffusionLoss.Rows.values()) {
                    variants.add(new Variant(rows, architecture, seed, schedule));
                }
                for (int i = 0; i < total; i++) {
                    DiffusionBatch masked = DiffusionBatch.sample(examples.subList(i * batch, (i + 1) * batch),
                            architecture.maskId(), architecture.padId(), new SplittableRandom(seed + i));
                    double lowest = Double.POSITIVE_INFINITY;
                    double highest = Double.NEGATIVE_INFINITY;
                    for (Variant variant : variants) {
                        double loss = variant.step(masked, i >= UNTIMED_STEPS);
                        lowest = Math.min(lowest, loss);
                        highest = Math.max(highest, loss);
                    }
                    largestLossGap = Math.max(largestLossGap, highest - lowest);
                }
            } finally {
                variants.forEach(Variant::close);
            }

            out.println();
            out.println("| lm_head and log-softmax on | rows per step | ms per step | tokens/s |");
            out.println("|---|---|---|---|");
            for (Variant variant : variants) {
                out.printf(Locale.ROOT, "| %s | %,.0f | %.1f | %,.0f |%n",
                        variant.rows == DiffusionLoss.Rows.MASKED ? "masked positions only (training)" : "every position",
                        variant.scoredRows / (double) steps, variant.nanos / 1e6 / steps, variant.tokens * 1e9 / variant.nanos);
            }
            out.printf(Locale.ROOT, "%nmasked positions only: %.2fx the steps per second of every position; the two losses"
                            + " differ by at most %.1e over the %d steps%n",
                    variants.get(DiffusionLoss.Rows.ALL.ordinal()).nanos
                            / (double) variants.get(DiffusionLoss.Rows.MASKED.ordinal()).nanos,
                    largestLossGap, total);
        }
    }

    /** One way of computing the loss: its own model (same initial weights as the other) and its timed steps. */
    private static final class Variant implements AutoCloseable {
        final DiffusionLoss.Rows rows;
        private final TrainableDream model;
        private final TrainingStep trainingStep;
        long nanos;
        long tokens;
        private long scoredRows;

        Variant(DiffusionLoss.Rows rows, DemoArchitecture architecture, long seed, LearningRateSchedule schedule) {
            this.rows = rows;
            this.model = TrainableDream.initialise(architecture, seed);
            this.trainingStep = new TrainingStep(model, AdamW.Settings.defaults(), schedule, rows);
        }

        /** Takes one step on {@code batch}, timing it when {@code timed}; returns its loss. */
        double step(DiffusionBatch batch, boolean timed) {
            TrainingStep.Result result = trainingStep.run(batch);
            if (timed) {
                nanos += result.nanos();
                tokens += result.tokens();
                scoredRows += rows == DiffusionLoss.Rows.MASKED ? batch.maskedPositions() : (long) batch.batch() * batch.length();
            }
            return result.loss();
        }

        @Override
        public void close() {
            trainingStep.close();
            model.close();
        }
    }

    private static int usage(PrintStream err, String problem) {
        return OptionPairs.usage("bench train", USAGE, problem, err);
    }
}
