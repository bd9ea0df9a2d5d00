package io.codesynth.demomodel;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of this module's small commands ({@code heldout-problems}, {@code bench train}):
 * each known option at most once, each with a value; {@code --help} or {@code -h} anywhere asks for the usage.
 *
 * @param given   the options given, by name with its dashes
 * @param help    whether the usage was asked for
 * @param problem what is wrong with the arguments, or null
 */
record OptionPairs(Map<String, String> given, boolean help, String problem) {

    static OptionPairs parse(String[] args, Set<String> known) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                return new OptionPairs(given, true, null);
            }
            String problem = !known.contains(args[i]) ? "unknown option '" + args[i] + "'"
                    : i + 1 >= args.length ? args[i] + " needs a value"
                    : given.put(args[i], args[i + 1]) != null ? args[i] + " given twice" : null;
            if (problem != null) {
                return new OptionPairs(given, false, problem);
            }
        }
        return new OptionPairs(given, false, null);
    }

    /**
     * Where parsing ends the command: 0 after printing {@code usage} for help, 2 after printing the problem and
     * {@code usage}; -1 when the command goes on.
     */
    int exitStatus(String command, String usage, PrintStream out, PrintStream err) {
        if (help) {
            out.print(usage);
            return 0;
        }
        return problem == null ? -1 : usage(command, usage, problem, err);
    }

    /** Prints {@code problem} and the usage; returns 2, the status of bad arguments. */
    static int usage(String command, String usage, String problem, PrintStream err) {
        err.println(command + ": " + problem);
        err.println();
        err.print(usage);
        return 2;
    }
}
