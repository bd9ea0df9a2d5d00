package io.codesynth.demomodel;

import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The options of {@code train-demo-model}; {@link #parse} throws {@link IllegalArgumentException} with a message
 * for the user on anything it does not accept.
 *
 * @param budget           wall-clock time for training (tokenizer and data preparation not included)
 * @param out              the checkpoint directory to write
 * @param dimensions       the model's shape
 * @param steps            a fixed schedule length, or empty to size it from a timing probe
 * @param evalEvery        steps between held-out evaluations, or empty for about ten per run
 * @param completionTokens the generation window: completions are filled to it with end tokens, and problems
 *                         whose solution does not fit are left out
 */
public record TrainDemoModelArguments(Duration budget, Path out, long seed, Dimensions dimensions, int batchSize,
        OptionalInt steps, OptionalInt evalEvery, double learningRate, int problems, int heldOutProblems,
        int tokenizerProblems, int merges, int completionTokens) {

    /** The generation window the demo decodes with: every training completion is filled to it with end tokens. */
    public static final int DEFAULT_COMPLETION_TOKENS = 48;

    public static final String USAGE = """
            usage: train-demo-model [options]

              --minutes M              wall-clock training budget (default 83); the run stops cleanly when it is spent
              --out DIR                checkpoint directory, replaced when the run ends (default models/demo)
              --seed K                 seed of data, tokenizer, weights, order and masking (default 42)
              --hidden N               hidden size (default 128)
              --layers N               transformer blocks (default 4)
              --heads N                attention heads (default 4)
              --kv-heads N             key/value heads (default 4)
              --intermediate N         MLP width (default 3 x hidden)
              --context N              max_position_embeddings (default 512)
              --batch N                sequences per step (default 32)
              --steps N                schedule length (default: sized from a timing probe to fill the budget)
              --lr X                   peak learning rate (default 3e-3)
              --eval-every N           steps between held-out evaluations (default: about 10 per run)
              --problems N             training problems (default 250000)
              --heldout-problems N     held-out problems evaluated (default 64)
              --tokenizer-problems N   problems the tokenizer learns from (default 4000)
              --merges N               BPE merges (default 2000)
              --completion-tokens N    generation window the model learns to fill (default 48; decode with
                                       max_new_tokens N)
            """;

    /** Thrown for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }

    private static final Set<String> OPTIONS = Set.of("minutes", "out", "seed", "hidden", "layers", "heads", "kv-heads",
            "intermediate", "context", "batch", "steps", "lr", "eval-every", "problems", "heldout-problems",
            "tokenizer-problems", "merges", "completion-tokens");

    public static TrainDemoModelArguments parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            if (!arg.startsWith("--") || !OPTIONS.contains(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            if (given.put(arg.substring(2), args[++i]) != null) {
                throw new IllegalArgumentException(arg + " given twice");
            }
        }
        double minutes = decimal(given, "minutes", 83);
        if (!(minutes > 0) || minutes > 100_000) {
            throw new IllegalArgumentException("--minutes must be positive, not " + given.get("minutes"));
        }
        int hidden = positive(given, "hidden", 128);
        int layers = positive(given, "layers", 4);
        int heads = positive(given, "heads", 4);
        int kvHeads = positive(given, "kv-heads", 4);
        int intermediate = positive(given, "intermediate", 3 * hidden);
        int context = positive(given, "context", 512);
        Dimensions dimensions;
        try {
            dimensions = new Dimensions(hidden, layers, heads, kvHeads, intermediate, context);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model shape: " + e.getMessage(), e);
        }
        double lr = decimal(given, "lr", 3e-3);
        if (!(lr > 0) || lr >= 1) {
            throw new IllegalArgumentException("--lr must lie in (0, 1), not " + given.get("lr"));
        }
        long seed;
        try {
            seed = Long.parseLong(given.getOrDefault("seed", "42"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed must be an integer, not '" + given.get("seed") + "'");
        }
        return new TrainDemoModelArguments(Duration.ofMillis(Math.round(minutes * 60_000)),
                Path.of(given.getOrDefault("out", "models/demo")), seed, dimensions, positive(given, "batch", 32),
                given.containsKey("steps") ? OptionalInt.of(positive(given, "steps", 0)) : OptionalInt.empty(),
                given.containsKey("eval-every") ? OptionalInt.of(positive(given, "eval-every", 0)) : OptionalInt.empty(),
                lr, positive(given, "problems", 250_000), positive(given, "heldout-problems", 64),
                positive(given, "tokenizer-problems", DemoTokenizer.DEFAULT_CORPUS_PROBLEMS),
                positive(given, "merges", DemoTokenizer.DEFAULT_MERGES),
                positive(given, "completion-tokens", DEFAULT_COMPLETION_TOKENS));
    }

    private static int positive(Map<String, String> given, String name, int fallback) {
        String text = given.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, not '" + text + "'");
    }

    private static double decimal(Map<String, String> given, String name, double fallback) {
        String text = given.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not '" + text + "'");
        }
    }
}
