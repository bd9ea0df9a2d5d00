package io.codesynth.generation.cli;

import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code random-model}: writes a Dream checkpoint with random weights, for benchmarks and smoke tests of the
 * loading and decoding code when no trained model is at hand. Its output is random text.
 */
public final class RandomModelCommand {

    static final String USAGE = """
            usage: random-model --out DIR [options]

              --out DIR              directory to write (config.json, model.safetensors, tokenizer files)
              --hidden N             hidden size (default 32)
              --layers N             transformer blocks (default 2)
              --heads N              attention heads (default 4)
              --kv-heads N           key/value heads (default 2)
              --intermediate N       MLP width (default 2 x hidden)
              --context N            max_position_embeddings (default 4096)
              --seed K               weight seed (default 42)
            """;

    private static final Set<String> OPTIONS = Set.of("out", "hidden", "layers", "heads", "kv-heads", "intermediate",
            "context", "seed");

    private RandomModelCommand() {
    }

    public static void main(String[] args) {
        CliLogging.toStandardError();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine line = CommandLine.parse(args, List.of("random-model"), OPTIONS);
            Path dir = Path.of(line.required("out"));
            int hidden = line.integer("hidden").orElse(32);
            RandomDreamCheckpoint.Dimensions dimensions;
            try {
                dimensions = new RandomDreamCheckpoint.Dimensions(hidden, line.integer("layers").orElse(2),
                        line.integer("heads").orElse(4), line.integer("kv-heads").orElse(2),
                        line.integer("intermediate").orElse(2 * hidden), line.integer("context").orElse(4096));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            RandomDreamCheckpoint.write(dir, dimensions, line.longValue("seed").orElse(42L));
            out.printf(Locale.ROOT, "wrote a random Dream checkpoint (%s) to %s%n", dimensions, dir.toAbsolutePath());
            return 0;
        } catch (HelpRequested e) {
            out.print(USAGE);
            return 0;
        } catch (UsageException e) {
            err.println("random-model: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (RuntimeException e) {
            err.println("random-model: " + e.getMessage());
            return 1;
        }
    }
}
