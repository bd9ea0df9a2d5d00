package io.codesynth.demomodel.training;

import io.codesynth.demomodel.TrainingExample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The training loop: seeded shuffled batches of examples, one {@link TrainingStep} each, for as many steps
 * as the step's schedule has (read before every step, so a schedule replaced mid-run moves the end), a progress line
 * every {@code logEvery} steps (step, loss averaged since the last line, learning rate, tokens/s), and the
 * checkpoint rewritten every {@code checkpointEvery} steps and at the end. With a time budget the loop also
 * ends after the step during which the budget ran out (the schedule keeps its length, so the learning rate has
 * not fully decayed then); the last step, whichever it is, gets a progress line and the checkpoint.
 *
 * @param batchSize       examples per step
 * @param logEvery        steps between progress lines
 * @param checkpointEvery steps between checkpoints; 0 writes one only at the end
 * @param seed            drives the order of examples and the masking
 */
public record Trainer(int batchSize, int logEvery, int checkpointEvery, long seed) {

    public Trainer {
        if (batchSize < 1 || logEvery < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("batch size and logEvery must be positive, checkpointEvery >= 0: " + this);
        }
    }

    /** How a run ended: the steps run, the last progress line's mean loss and the overall throughput. */
    public record Summary(int steps, double lastMeanLoss, double tokensPerSecond) {
    }

    /** No time budget: every step of the schedule runs. */
    public static final Duration UNLIMITED = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * Trains {@code model} on {@code examples} with {@code step}; writes checkpoints to {@code checkpointDir}
     * with the tokenizer in {@code tokenizerDir}; reports progress lines to {@code progress}.
     */
    public Summary train(TrainableDream model, TrainingStep step, List<TrainingExample> examples, Path checkpointDir,
            Path tokenizerDir, Consumer<String> progress) {
        return train(model, step, examples, checkpointDir, tokenizerDir, progress, UNLIMITED, completed -> {
        });
    }

    /**
     * As {@link #train(TrainableDream, TrainingStep, List, Path, Path, Consumer)}, but ends early once
     * {@code budget} has passed since the call (progress lines then also show the elapsed and remaining time),
     * and calls {@code afterStep} with each completed step's number (held-out evaluation, say; its time counts
     * against the budget).
     */
    public Summary train(TrainableDream model, TrainingStep step, List<TrainingExample> examples, Path checkpointDir,
            Path tokenizerDir, Consumer<String> progress, Duration budget, IntConsumer afterStep) {
        long started = System.nanoTime();
        boolean timed = !budget.equals(UNLIMITED);
        long budgetNanos = budget.toNanos();
        if (examples.size() < batchSize) {
            throw new IllegalArgumentException("need at least one batch of " + batchSize + " examples, got " + examples.size());
        }
        Random order = new Random(seed);
        SplittableRandom masking = new SplittableRandom(seed);
        List<TrainingExample> shuffled = new ArrayList<>(examples);
        int cursor = shuffled.size(); // reshuffle before the first batch
        long allTokens = 0;
        long allNanos = 0;
        double lossSum = 0;
        long windowTokens = 0;
        long windowNanos = 0;
        int window = 0;
        double lastMeanLoss = Double.NaN;
        int maskId = model.architecture().maskId();
        int padId = model.architecture().padId();
        int s = 0;
        boolean last = false;
        while (!last) {
            s++;
            if (cursor + batchSize > shuffled.size()) {
                Collections.shuffle(shuffled, order);
                cursor = 0;
            }
            List<TrainingExample> examplesOfStep = shuffled.subList(cursor, cursor + batchSize);
            cursor += batchSize;
            TrainingStep.Result result = step.run(DiffusionBatch.sample(examplesOfStep, maskId, padId, masking));
            lossSum += result.loss();
            windowTokens += result.tokens();
            windowNanos += result.nanos();
            window++;
            long elapsed = System.nanoTime() - started;
            int steps = step.schedule().totalSteps();
            last = s >= steps || (timed && elapsed >= budgetNanos);
            if (s % logEvery == 0 || last) {
                lastMeanLoss = lossSum / window;
                String line = String.format("step %d/%d  loss %.4f  lr %.2e  %.0f tokens/s", s, steps, lastMeanLoss,
                        result.learningRate(), windowTokens * 1e9 / windowNanos);
                progress.accept(timed ? line + "  elapsed " + clock(elapsed) + "  remaining "
                        + clock(Math.max(0, budgetNanos - elapsed)) : line);
                allTokens += windowTokens;
                allNanos += windowNanos;
                lossSum = 0;
                windowTokens = 0;
                windowNanos = 0;
                window = 0;
            }
            afterStep.accept(s);
            if ((checkpointEvery > 0 && s % checkpointEvery == 0) || last) {
                DemoCheckpoint.write(checkpointDir, model, tokenizerDir);
                progress.accept("checkpoint at step " + s + " written to " + checkpointDir);
            }
        }
        return new Summary(s, lastMeanLoss, allTokens * 1e9 / allNanos);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long nanos) {
        long seconds = Duration.ofNanos(nanos).toSeconds();
        return seconds >= 3600
                ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
