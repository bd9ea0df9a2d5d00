package io.codesynth.generation.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code --name value} and {@code --name=value} options of the offline commands, each at most once. Leading
 * command words ({@code generate}, {@code bench decode}) are skipped, so the launcher may pass them or not.
 * {@code --help} or {@code -h} in place of an option asks for the usage.
 */
final class CommandLine {

    private static final Set<String> HELP = Set.of("--help", "-h");

    private final Map<String, String> values;

    private CommandLine(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param commandWords words that may precede the options ({@code bench}, {@code decode})
     * @param options      the option names the command knows, without dashes
     * @throws HelpRequested when {@code --help} or {@code -h} stands where an option may
     * @throws UsageException  for an unknown, repeated or valueless option or a stray argument
     */
    static CommandLine parse(String[] args, List<String> commandWords, Set<String> options) {
        int start = 0;
        for (String word : commandWords) {
            if (start < args.length && args[start].equals(word)) {
                start++;
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = start; i < args.length; i++) {
            String arg = args[i];
            if (HELP.contains(arg)) {
                throw new HelpRequested();
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
            if (!options.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException("option --" + name + " given more than once");
            }
        }
        return new CommandLine(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("option --" + name + " is required");
        }
        return value;
    }

    Optional<Path> path(String name) {
        return text(name).map(Path::of);
    }

    Optional<Integer> integer(String name) {
        return text(name).map(value -> {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " needs a whole number, got '" + value + "'");
            }
        });
    }

    Optional<Long> longValue(String name) {
        return text(name).map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " needs a whole number, got '" + value + "'");
            }
        });
    }

    Optional<Double> number(String name) {
        return text(name).map(value -> {
            try {
                double number = Double.parseDouble(value.trim());
                if (!Double.isFinite(number)) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " needs a number, got '" + value + "'");
            }
        });
    }

    /** Parses an option with a parser that throws IllegalArgumentException for bad values. */
    <T> Optional<T> parsed(String name, Function<String, T> parser) {
        return text(name).map(value -> {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new UsageException("option --" + name + ": " + e.getMessage());
            }
        });
    }
}
