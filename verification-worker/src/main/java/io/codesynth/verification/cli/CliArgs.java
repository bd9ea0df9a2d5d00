package io.codesynth.verification.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} arguments; anything else is a usage error. */
final class CliArgs {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CliArgs() {
    }

    /**
     * @param words  the words of the command line, after the command name(s)
     * @param valued options that take a value
     * @param flagNames options that take none
     */
    static CliArgs parse(String[] words, Set<String> valued, Set<String> flagNames) {
        CliArgs args = new CliArgs();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (flagNames.contains(word)) {
                args.flags.add(word);
            } else if (valued.contains(word)) {
                if (i + 1 >= words.length) {
                    throw new UsageException(word + " needs a value");
                }
                args.values.put(word, words[++i]);
            } else {
                throw new UsageException("unknown argument " + word);
            }
        }
        return args;
    }

    String value(String name) {
        return values.get(name);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    int positiveInt(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw new UsageException(name + " must be at least 1, was " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was " + value);
        }
    }

    double positiveDouble(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!(parsed > 0)) {
                throw new UsageException(name + " must be positive, was " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, was " + value);
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** A command line that cannot be run; the message goes to the user with the usage text. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
