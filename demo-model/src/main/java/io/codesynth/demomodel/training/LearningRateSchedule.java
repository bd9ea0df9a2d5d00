package io.codesynth.demomodel.training;

/**
 * Linear warm-up from zero to {@code peak} over {@code warmupSteps}, then cosine decay to {@code floor} at
 * {@code totalSteps} (and {@code floor} after). Steps count from 1.
 */
public record LearningRateSchedule(double peak, double floor, int warmupSteps, int totalSteps) {

    public LearningRateSchedule {
        if (!(peak > 0) || floor < 0 || floor > peak || warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("need 0 <= floor <= peak, peak > 0 and 0 <= warm-up < total steps: " + this);
        }
    }

    public double at(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("steps count from 1, not " + step);
        }
        if (step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) (totalSteps - warmupSteps));
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
