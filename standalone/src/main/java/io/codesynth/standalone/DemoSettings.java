package io.codesynth.standalone;

import java.math.BigDecimal;

/**
 * How the demo job is submitted: samples per task, how long each sample decodes and at what temperature. They go
 * to the gateway as the job's {@code samples}, {@code maxNewTokens}, {@code steps} and {@code temperature}; the
 * other decoding settings keep the gateway's defaults (DiffuCoder's entropy order, top-p 0.95).
 *
 * @param samples      candidates per task
 * @param maxNewTokens tokens each sample decodes
 * @param steps        denoising steps per sample, one forward pass each
 * @param temperature  sampling temperature; 0 decodes greedily
 */
record DemoSettings(int samples, int maxNewTokens, int steps, double temperature) {

    /**
     * With the bundled demo model: the window it was trained to fill (48 tokens, {@code train-demo-model
     * --completion-tokens}), and the sampling settings tuned on held-out problems (models/README.md).
     */
    static final DemoSettings DEMO_MODEL = new DemoSettings(10, 48, 24, 0.8);

    /**
     * With a checkpoint given by {@code --model}: shorter than DiffuCoder's 256 tokens in 256 steps, so the five
     * HumanEval problems with four samples each stay short on a 2-core CPU, at DiffuCoder's temperature.
     */
    static final DemoSettings OTHER_MODELS = new DemoSettings(4, 64, 64, 0.4);

    /** The query parameters of the submission, {@code samples=4&maxNewTokens=64&steps=64&temperature=0.4}. */
    String query() {
        return "samples=" + samples + "&maxNewTokens=" + maxNewTokens + "&steps=" + steps + "&temperature="
                + temperatureText();
    }

    /** "4 samples each, 64 new tokens in 64 steps at temperature 0.4", for the line that announces the submission. */
    String describe() {
        return samples + (samples == 1 ? " sample" : " samples") + " each, " + maxNewTokens + " new tokens in "
                + steps + " steps at temperature " + temperatureText() + (temperature == 0 ? " (greedy)" : "");
    }

    private String temperatureText() {
        return BigDecimal.valueOf(temperature).stripTrailingZeros().toPlainString();
    }
}
