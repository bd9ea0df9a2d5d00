package io.codesynth.demomodel;

import java.nio.file.Path;

/**
 * {@code heldout --out FILE [--count 200] [--seed 42]} writes held-out problems as HumanEval JSON lines;
 * {@code tokenizer --out DIR [--seed 42] [--problems 4000] [--merges 2000]} learns and writes the tokenizer.
 */
public final class DemoDataCommand {

    static final long DEFAULT_SEED = 42;

    private DemoDataCommand() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("heldout") || args[0].equals("tokenizer"))) {
            System.err.println("usage: heldout --out FILE [--count 200] [--seed 42]\n"
                    + "       tokenizer --out DIR [--seed 42] [--problems 4000] [--merges 2000]");
            System.exit(2);
        }
        String out = option(args, "--out", null);
        if (out == null) {
            System.err.println(args[0] + ": --out is required");
            System.exit(2);
        }
        long seed = Long.parseLong(option(args, "--seed", Long.toString(DEFAULT_SEED)));
        if (args[0].equals("heldout")) {
            int count = Integer.parseInt(option(args, "--count", "200"));
            System.out.println("wrote " + count + " held-out problems to " + HumanEvalWriter.writeHeldOut(Path.of(out), seed, count));
        } else {
            int problems = Integer.parseInt(option(args, "--problems", Integer.toString(DemoTokenizer.DEFAULT_CORPUS_PROBLEMS)));
            int merges = Integer.parseInt(option(args, "--merges", Integer.toString(DemoTokenizer.DEFAULT_MERGES)));
            System.out.println("wrote " + DemoTokenizer.build(seed, problems, merges, Path.of(out)));
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
