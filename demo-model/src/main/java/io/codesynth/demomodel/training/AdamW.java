package io.codesynth.demomodel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): {@code p -= lr * (m̂ / (sqrt(v̂) + eps) + decay * p)}.
 * Written out on NDArrays rather than DJL's {@code AdamW} so the learning rate can come from the schedule per
 * step and decay can skip the vectors. As usual for transformers, only matrices (projections, embeddings,
 * lm_head) decay; norm weights and biases do not. Gradients are clipped to a global norm before the update.
 *
 * <p>Call {@link #step} outside any gradient collector: it updates the parameters in place.
 */
public final class AdamW implements AutoCloseable {

    /** Settings; {@code maxGradientNorm} 0 turns clipping off. */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay, double maxGradientNorm) {

        public static Settings defaults() {
            return new Settings(0.9, 0.95, 1e-8, 0.1, 1.0);
        }
    }

    private final Settings settings;
    private final Map<String, NDArray> parameters;
    private final NDManager state;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private int steps;

    public AdamW(Map<String, NDArray> parameters, Settings settings) {
        this.settings = settings;
        this.parameters = parameters;
        this.state = parameters.values().iterator().next().getManager().newSubManager();
        parameters.forEach((name, p) -> {
            firstMoments.put(name, state.zeros(p.getShape(), p.getDataType()));
            secondMoments.put(name, state.zeros(p.getShape(), p.getDataType()));
        });
    }

    /**
     * Clips the gradients, updates every parameter with learning rate {@code lr}, and zeroes the gradients for
     * the next backward pass; returns the global gradient norm before clipping.
     */
    public double step(double lr) {
        steps++;
        try (NDManager scope = state.newSubManager()) {
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            double squares = 0;
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray gradient = entry.getValue().getGradient();
                gradient.attach(scope);
                gradients.put(entry.getKey(), gradient);
                squares += gradient.square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            double scale = settings.maxGradientNorm() > 0 && norm > settings.maxGradientNorm()
                    ? settings.maxGradientNorm() / (norm + 1e-6) : 1.0;
            double correction1 = 1 - Math.pow(settings.beta1(), steps);
            double correction2 = 1 - Math.pow(settings.beta2(), steps);
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                String name = entry.getKey();
                NDArray p = entry.getValue();
                // an operation's result joins its first operand's manager: every temporary below starts from the
                // gradient (in scope) or is moved into scope, else each step would leave parameter-sized arrays behind
                NDArray g = gradients.get(name).mul(scale);
                NDArray m = firstMoments.get(name).muli(settings.beta1()).addi(g.mul(1 - settings.beta1()));
                NDArray v = secondMoments.get(name).muli(settings.beta2()).addi(g.square().muli(1 - settings.beta2()));
                if (decays(name)) {
                    p.muli(1 - lr * settings.weightDecay());
                }
                NDArray denominator = inScope(scope, v.div(correction2)).sqrt().addi(settings.epsilon());
                p.subi(inScope(scope, m.div(correction1)).divi(denominator).muli(lr));
                gradients.get(name).muli(0); // the gradient buffer is shared: zeroed in place for the next backward
            }
            return norm;
        }
    }

    private static NDArray inScope(NDManager scope, NDArray temporary) {
        temporary.attach(scope);
        return temporary;
    }

    public int steps() {
        return steps;
    }

    private static boolean decays(String name) {
        return !name.endsWith(".bias") && !name.endsWith("norm.weight");
    }

    @Override
    public void close() {
        state.close();
    }
}
