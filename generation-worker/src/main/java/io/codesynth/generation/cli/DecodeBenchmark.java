package io.codesynth.generation.cli;

import ai.djl.ndarray.NDManager;
import io.codesynth.diffusion.decoding.DecodeRequest;
import io.codesynth.diffusion.decoding.DecodeResult;
import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.diffusion.decoding.UnmaskingAlgorithm;
import io.codesynth.generation.model.LoadedModel;
import io.codesynth.generation.model.ModelLoader;
import io.codesynth.generation.model.ModelSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench decode}: one table, measured in one run, of entropy decoding with fixed steps against
 * confidence-threshold decoding at batch sizes 1, 4 and 16 (one prompt, that many samples, decoded together).
 * A warm-up decode runs first; progress goes to stderr, the table to stdout.
 */
public final class DecodeBenchmark {

    static final int[] BATCH_SIZES = {1, 4, 16};

    static final String DEFAULT_PROMPT = """
            def running_max(numbers: list[int]) -> list[int]:
                \"\"\" Return the running maximum of a list of numbers.
                >>> running_max([1, 3, 2, 5, 4])
                [1, 3, 3, 5, 5]
                \"\"\"
            """;

    /** One decoding mode of the table. */
    record Mode(String name, DecodingOptions options) {
    }

    /** One measured row. */
    record Row(String mode, int batch, DecodeResult result) {

        double millisPerForward() {
            return result.modelForwards() == 0 ? 0 : result.elapsedNanos() / 1e6 / result.modelForwards();
        }
    }

    private DecodeBenchmark() {
    }

    public static void main(String[] args) {
        CliLogging.toStandardError();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BenchArguments arguments;
        try {
            arguments = BenchArguments.parse(args);
        } catch (HelpRequested e) {
            out.print(BenchArguments.USAGE);
            return 0;
        } catch (UsageException e) {
            err.println("bench decode: " + e.getMessage());
            err.println();
            err.print(BenchArguments.USAGE);
            return 2;
        }
        ModelSettings settings = ModelSettings.defaults()
                .withDevice(arguments.device())
                .withIntraOpThreads(arguments.threads())
                .withBatchLimits(16, Integer.MAX_VALUE);
        err.println("loading " + arguments.model() + " ...");
        try (LoadedModel model = ModelLoader.load(arguments.model(), settings)) {
            int[] promptIds = model.encode(
                    model.prompts().modelInputForCode(arguments.prompt().orElse(DEFAULT_PROMPT), "python"));
            List<Row> rows = measure(model, promptIds, modes(arguments), err);
            print(model, arguments, promptIds.length, rows, out);
            return 0;
        } catch (RuntimeException e) {
            err.println("bench decode: " + e.getMessage());
            return 1;
        }
    }

    /** Entropy with the fixed step schedule, then entropy with the confidence threshold. */
    static List<Mode> modes(BenchArguments arguments) {
        DecodingOptions base;
        try {
            base = DecodingOptions.defaults().toBuilder()
                    .algorithm(UnmaskingAlgorithm.ENTROPY)
                    .maxNewTokens(arguments.maxNewTokens())
                    .steps(arguments.steps())
                    .temperature(arguments.temperature())
                    .blockLength(arguments.blockLength().orElse(null))
                    .seed(1)
                    .build();
            return List.of(
                    new Mode("entropy, " + arguments.steps() + " steps", base),
                    new Mode("entropy, threshold " + arguments.threshold(),
                            base.toBuilder().threshold(arguments.threshold()).build()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static List<Row> measure(LoadedModel model, int[] promptIds, List<Mode> modes, PrintStream err) {
        List<Row> rows = new ArrayList<>();
        try (NDManager manager = model.newManager()) {
            err.println("warming up ...");
            for (int batch : new int[] {1, BATCH_SIZES[BATCH_SIZES.length - 1]}) {
                DecodingOptions warmUp = modes.get(0).options().toBuilder().steps(
                        modes.get(0).options().numberOfBlocks()).threshold(null).build();
                decode(model, manager, promptIds, warmUp, batch);
            }
            for (Mode mode : modes) {
                for (int batch : BATCH_SIZES) {
                    err.printf(Locale.ROOT, "%s, batch %d ...%n", mode.name(), batch);
                    rows.add(new Row(mode.name(), batch, decode(model, manager, promptIds, mode.options(), batch)));
                }
            }
        }
        return rows;
    }

    private static DecodeResult decode(LoadedModel model, NDManager manager, int[] promptIds, DecodingOptions options,
            int batch) {
        DecodeRequest request = new DecodeRequest(promptIds, options, batch);
        model.decoder().validate(request);
        try (NDManager scope = manager.newSubManager()) {
            return model.decoder().decode(scope, List.of(request));
        }
    }

    static void print(LoadedModel model, BenchArguments arguments, int promptTokens, List<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "bench decode: %s, %,d parameters, %s, %s, %d prompt tokens, %d new tokens%s%s%n",
                model.info().name(), model.parameters(), model.info().device(), model.info().dtype(), promptTokens,
                arguments.maxNewTokens(),
                arguments.blockLength().map(b -> ", blocks of " + b).orElse(""),
                model.randomWeights() ? " (random weights)" : "");
        out.println();
        out.printf(Locale.ROOT, "| %-26s | %5s | %10s | %14s | %10s | %8s | %7s |%n", "decoding", "batch", "tokens/s",
                "forwards/token", "ms/forward", "forwards", "seconds");
        out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(28), "-".repeat(7) + "", "-".repeat(12),
                "-".repeat(16), "-".repeat(12), "-".repeat(10), "-".repeat(9));
        for (Row row : rows) {
            out.printf(Locale.ROOT, "| %-26s | %5d | %10.1f | %14.3f | %10.2f | %8d | %7.2f |%n", row.mode(), row.batch(),
                    row.result().tokensPerSecond(), row.result().forwardPassesPerToken(), row.millisPerForward(),
                    row.result().modelForwards(), row.result().elapsedNanos() / 1e9);
        }
    }
}
