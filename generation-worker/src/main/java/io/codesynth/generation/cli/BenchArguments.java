package io.codesynth.generation.cli;

import io.codesynth.generation.model.DeviceChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code bench decode}.
 *
 * @param blockLength block length for both modes; empty decodes the whole canvas as one block
 * @param prompt      the code prefix to complete; empty uses a built-in HumanEval-style one
 * @param threads     intra-op threads; 0 keeps the engine's default
 */
record BenchArguments(
        Path model,
        int maxNewTokens,
        int steps,
        double threshold,
        Optional<Integer> blockLength,
        double temperature,
        Optional<String> prompt,
        DeviceChoice device,
        int threads) {

    static final String USAGE = """
            usage: bench decode --model DIR [options]

            Measures, in one run, entropy decoding with a fixed number of steps against confidence-threshold
            decoding, each at batch sizes 1, 4 and 16: generated tokens/s, forward passes per token, ms per forward.

              --model DIR            checkpoint directory
              --max-new-tokens M     generated positions per sequence (default 64)
              --steps S              steps of the fixed-step runs (default: max-new-tokens)
              --threshold X          confidence threshold of the threshold runs (default 0.9)
              --block-length B       decode in blocks of B tokens, both modes (default: one block)
              --temperature T        sampling temperature (default 0.4)
              --prompt TEXT          code prefix to complete (default: a small HumanEval-style function)
              --device D             auto (default), cpu or gpu
              --threads N            intra-op threads (default: the engine's)
            """;

    private static final Set<String> OPTIONS = Set.of("model", "max-new-tokens", "steps", "threshold",
            "block-length", "temperature", "prompt", "device", "threads");

    /** @throws UsageException saying what is wrong */
    static BenchArguments parse(String[] args) {
        CommandLine line = CommandLine.parse(args, List.of("bench", "decode"), OPTIONS);
        Path model = Path.of(line.required("model"));
        int maxNewTokens = line.integer("max-new-tokens").orElse(64);
        if (maxNewTokens < 1) {
            throw new UsageException("option --max-new-tokens must be at least 1, got " + maxNewTokens);
        }
        int steps = line.integer("steps").orElse(maxNewTokens);
        double threshold = line.number("threshold").orElse(0.9);
        if (!(threshold > 0 && threshold <= 1)) {
            throw new UsageException("option --threshold must be in (0, 1], got " + threshold);
        }
        int threads = line.integer("threads").orElse(0);
        if (threads < 0) {
            throw new UsageException("option --threads must not be negative, got " + threads);
        }
        DeviceChoice device = line.parsed("device", DeviceChoice::parse).orElse(DeviceChoice.AUTO);
        BenchArguments arguments = new BenchArguments(model, maxNewTokens, steps, threshold,
                line.integer("block-length"), line.number("temperature").orElse(0.4), line.text("prompt"), device,
                threads);
        // builds both modes' options once, so a bad combination is a usage error before the model loads
        DecodeBenchmark.modes(arguments);
        return arguments;
    }
}
