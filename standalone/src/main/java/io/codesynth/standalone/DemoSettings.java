package io.codesynth.standalone;

/**
 * How the demo job is submitted: samples per task and how long each sample decodes. The length goes to the
 * gateway as the job's {@code maxNewTokens} and {@code steps}; the other decoding settings keep the gateway's
 * defaults.
 *
 * @param samples      candidates per task
 * @param maxNewTokens tokens each sample decodes
 * @param steps        denoising steps per sample, one forward pass each
 */
record DemoSettings(int samples, int maxNewTokens, int steps) {

    /**
     * The demo's own, shorter than DiffuCoder's 256 tokens in 256 steps: the bundled five problems with four
     * samples each finish in about a minute on a 2-core CPU with the tiny random model (256 / 256 took about
     * five), and a trained checkpoint on a GPU is not slowed down by them either.
     */
    static final DemoSettings DEFAULT = new DemoSettings(4, 64, 64);

    /** The query parameters of the submission, {@code samples=4&maxNewTokens=64&steps=64}. */
    String query() {
        return "samples=" + samples + "&maxNewTokens=" + maxNewTokens + "&steps=" + steps;
    }

    /** "4 samples each, 64 new tokens in 64 steps", for the line that announces the submission. */
    String describe() {
        return samples + (samples == 1 ? " sample" : " samples") + " each, " + maxNewTokens + " new tokens in "
                + steps + " steps";
    }
}
