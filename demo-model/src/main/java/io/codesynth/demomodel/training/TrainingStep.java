package io.codesynth.demomodel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.codesynth.diffusion.model.ComputeDevices;

/**
 * One optimisation step: forward and backward through the masked-diffusion loss, then AdamW at the
 * schedule's learning rate.
 */
public final class TrainingStep implements AutoCloseable {

    /** What a step did: its loss (before the update), the gradient norm before clipping, the learning rate. */
    public record Result(int step, double loss, double gradientNorm, double learningRate, long tokens, long nanos) {

        public double tokensPerSecond() {
            return tokens * 1e9 / nanos;
        }
    }

    private final TrainableDream model;
    private final AdamW optimizer;
    private final DiffusionLoss.Rows rows;
    private LearningRateSchedule schedule;

    public TrainingStep(TrainableDream model, AdamW.Settings settings, LearningRateSchedule schedule) {
        this(model, settings, schedule, DiffusionLoss.Rows.MASKED);
    }

    /** A step that runs lm_head on {@code rows} (the loss and the update do not depend on it, the time does). */
    public TrainingStep(TrainableDream model, AdamW.Settings settings, LearningRateSchedule schedule,
            DiffusionLoss.Rows rows) {
        this.model = model;
        this.optimizer = new AdamW(model.parameters(), settings);
        this.schedule = schedule;
        this.rows = rows;
    }

    /** The schedule the next step follows; its {@link LearningRateSchedule#totalSteps()} is the run's length. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * Follows {@code replacement} from the next step on: a run sized by a guessed step time is re-sized once the
     * real one is known. Steps already taken keep the learning rates they had.
     */
    public void reschedule(LearningRateSchedule replacement) {
        if (replacement.totalSteps() <= optimizer.steps()) {
            throw new IllegalArgumentException("a schedule of " + replacement.totalSteps() + " steps cannot follow step "
                    + optimizer.steps());
        }
        this.schedule = replacement;
    }

    public Result run(DiffusionBatch batch) {
        long started = System.nanoTime();
        int step = optimizer.steps() + 1;
        double lr = schedule.at(step);
        NDManager parameters = model.parameters().values().iterator().next().getManager();
        try (NDManager scope = parameters.newSubManager()) {
            double loss;
            // the collector turns autograd on; it must be closed before the in-place parameter update
            try (GradientCollector collector = ComputeDevices.engine().newGradientCollector()) {
                NDArray value = DiffusionLoss.loss(scope, model, batch, rows);
                collector.backward(value);
                loss = value.getFloat();
            }
            double norm = optimizer.step(lr);
            return new Result(step, loss, norm, lr, batch.tokens(), System.nanoTime() - started);
        }
    }

    /** The loss of {@code batch} without touching gradients or parameters. */
    public double evaluate(DiffusionBatch batch) {
        NDManager parameters = model.parameters().values().iterator().next().getManager();
        try (NDManager scope = parameters.newSubManager()) {
            return DiffusionLoss.loss(scope, model, batch).getFloat();
        }
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
