package io.codesynth.demomodel;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code heldout-problems --out FILE [--count 200] [--seed 42]}: writes held-out problems of the demo task family
 * (compositions the demo model never trained on) as HumanEval JSON lines, for {@code ./codesynth demo --problems}
 * and {@code ./codesynth verify}.
 */
public final class HeldOutProblemsCommand {

    static final String USAGE = """
            usage: heldout-problems --out FILE [--count 200] [--seed 42]

              --out FILE   the HumanEval JSON lines file to write (its directory is created)
              --count N    problems: the first N of the held-out split (default 200)
              --seed K     the family's seed; the bundled demo model was trained with 42 (default 42)
            """;
    private static final Set<String> OPTIONS = Set.of("--out", "--count", "--seed");

    private HeldOutProblemsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        OptionPairs options = OptionPairs.parse(args, OPTIONS);
        int status = options.exitStatus("heldout-problems", USAGE, out, err);
        if (status >= 0) {
            return status;
        }
        Map<String, String> given = options.given();
        if (!given.containsKey("--out")) {
            return usage(err, "--out is required");
        }
        int count;
        long seed;
        try {
            count = Integer.parseInt(given.getOrDefault("--count", "200"));
            seed = Long.parseLong(given.getOrDefault("--seed", Long.toString(HumanEvalWriter.DEFAULT_SEED)));
        } catch (NumberFormatException e) {
            return usage(err, "--count and --seed must be integers");
        }
        if (count < 1 || count > 1_000_000) {
            return usage(err, "--count must lie in 1..1000000, not " + count);
        }
        try {
            Path written = HumanEvalWriter.writeHeldOut(Path.of(given.get("--out")), seed, count);
            out.println("wrote " + count + " held-out problems (seed " + seed + ") to " + written);
            return 0;
        } catch (UncheckedIOException e) {
            err.println("heldout-problems: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        return OptionPairs.usage("heldout-problems", USAGE, problem, err);
    }
}
