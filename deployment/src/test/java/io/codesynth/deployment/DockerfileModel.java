package io.codesynth.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way BuildKit reads it, as far as the offline checks need: instructions (continuation lines
 * joined, comment lines dropped), stages with their base and name, build arguments substituted into COPY, RUN,
 * EXPOSE, USER and ENV, the flags of COPY and RUN, and the JSON form of ENTRYPOINT.
 */
final class DockerfileModel {

    /** One instruction; {@code flags} are its leading {@code --name=value} options, {@code arguments} the rest. */
    record Instruction(String keyword, List<String> flags, String arguments, int line) {

        Optional<String> flag(String name) {
            return flags.stream().filter(f -> f.startsWith("--" + name + "=")).map(f -> f.substring(name.length() + 3))
                    .findFirst();
        }

        List<String> flagsNamed(String name) {
            return flags.stream().filter(f -> f.startsWith("--" + name + "=")).map(f -> f.substring(name.length() + 3))
                    .toList();
        }

        /** The words of a COPY or ADD in shell form, or of a JSON array. */
        List<String> words() {
            String text = arguments.strip();
            if (text.startsWith("[")) {
                return jsonArray(text);
            }
            return List.of(text.split("\\s+"));
        }
    }

    /** A build stage: FROM {@code base} AS {@code name}, and its instructions after FROM. */
    record Stage(String name, String base, int index, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> matching = all(keyword);
            return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    final Path file;
    final Map<String, String> globalArguments = new LinkedHashMap<>();
    final List<Stage> stages = new ArrayList<>();

    private DockerfileModel(Path file) {
        this.file = file;
    }

    static DockerfileModel parse(Path file) {
        DockerfileModel model = new DockerfileModel(file);
        List<Instruction> current = null;
        Map<String, String> scope = null;
        for (Instruction raw : instructions(ComposeProject.read(file))) {
            if (raw.keyword().equals("FROM")) {
                List<String> words = List.of(raw.arguments().strip().split("\\s+"));
                String base = substitute(words.get(0), model.globalArguments);
                String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                current = new ArrayList<>();
                scope = new LinkedHashMap<>();
                model.stages.add(new Stage(name, base, model.stages.size(), current));
                continue;
            }
            if (current == null) {
                if (raw.keyword().equals("ARG")) {
                    declare(raw.arguments(), model.globalArguments, model.globalArguments);
                }
                continue;
            }
            if (raw.keyword().equals("ARG")) {
                declare(raw.arguments(), scope, model.globalArguments);
                current.add(raw);
                continue;
            }
            Map<String, String> variables = scope;
            List<String> flags = raw.flags().stream().map(f -> substitute(f, variables)).toList();
            String arguments = raw.keyword().equals("RUN") ? raw.arguments() : substitute(raw.arguments(), scope);
            Instruction instruction = new Instruction(raw.keyword(), flags, arguments, raw.line());
            if (raw.keyword().equals("ENV")) {
                env(arguments, scope);
            }
            current.add(instruction);
        }
        return model;
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    /** The stage named {@code name}, or the one at that index. */
    Optional<Stage> stageReference(String reference) {
        Optional<Stage> named = stage(reference);
        if (named.isPresent() || !reference.matches("\\d+")) {
            return named;
        }
        int index = Integer.parseInt(reference);
        return index < stages.size() ? Optional.of(stages.get(index)) : Optional.empty();
    }

    /** The stages a stage is built on, itself first, down to the one whose base is an image. */
    List<Stage> lineage(Stage stage) {
        List<Stage> lineage = new ArrayList<>();
        Stage s = stage;
        while (s != null) {
            lineage.add(s);
            Stage current = s;
            s = stages.stream().filter(o -> o.index() < current.index() && current.base().equals(o.name()))
                    .findFirst().orElse(null);
        }
        return lineage;
    }

    /** The image a stage ultimately derives from. */
    String baseImage(Stage stage) {
        List<Stage> lineage = lineage(stage);
        return lineage.get(lineage.size() - 1).base();
    }

    /** The last USER in effect for a stage, through the stages it is built on; null if none sets one. */
    String user(Stage stage) {
        for (Stage s : lineage(stage)) {
            Optional<Instruction> user = s.last("USER");
            if (user.isPresent()) {
                return user.get().arguments().strip();
            }
        }
        return null;
    }

    /** ENV values in effect at the end of a stage (its own and those of the stages under it). */
    Map<String, String> environment(Stage stage) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<Stage> lineage = lineage(stage);
        for (int i = lineage.size() - 1; i >= 0; i--) {
            for (Instruction env : lineage.get(i).all("ENV")) {
                env(env.arguments(), environment);
            }
        }
        return environment;
    }

    /** Every instruction of a stage and the stages under it, in build order. */
    List<Instruction> instructionsThrough(Stage stage) {
        List<Instruction> instructions = new ArrayList<>();
        List<Stage> lineage = lineage(stage);
        for (int i = lineage.size() - 1; i >= 0; i--) {
            instructions.addAll(lineage.get(i).instructions());
        }
        return instructions;
    }

    // --- reading -----------------------------------------------------------------------------------------------

    /** Instructions with continuation lines joined and comment lines (including parser directives) dropped. */
    static List<Instruction> instructions(String text) {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.startsWith("#") || (pending == null && stripped.isEmpty())) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            boolean continues = stripped.endsWith("\\");
            pending.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (!continues) {
                instructions.add(instruction(pending.toString().strip(), start));
                pending = null;
            }
        }
        if (pending != null) {
            instructions.add(instruction(pending.toString().strip(), start));
        }
        return instructions;
    }

    private static Instruction instruction(String text, int line) {
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase();
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        List<String> flags = new ArrayList<>();
        while (rest.startsWith("--")) {
            int end = rest.indexOf(' ');
            flags.add(end < 0 ? rest : rest.substring(0, end));
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        return new Instruction(keyword, List.copyOf(flags), rest, line);
    }

    private static void declare(String arguments, Map<String, String> scope, Map<String, String> globals) {
        String text = arguments.strip();
        int equals = text.indexOf('=');
        if (equals < 0) {
            scope.put(text, globals.getOrDefault(text, ""));
        } else {
            scope.put(text.substring(0, equals), unquote(text.substring(equals + 1)));
        }
    }

    private static void env(String arguments, Map<String, String> scope) {
        Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)").matcher(arguments);
        boolean any = false;
        while (pair.find()) {
            any = true;
            scope.put(pair.group(1), unquote(pair.group(2)));
        }
        if (!any) {
            String[] words = arguments.strip().split("\\s+", 2);
            scope.put(words[0], words.length > 1 ? words[1] : "");
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    static String substitute(String text, Map<String, String> scope) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String value = scope.get(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A JSON array of strings, as ENTRYPOINT and CMD use (escapes: \" and \\ only). */
    static List<String> jsonArray(String text) {
        String body = text.strip();
        if (!body.startsWith("[") || !body.endsWith("]")) {
            throw new IllegalArgumentException("not a JSON array: " + text);
        }
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
        while (word.find()) {
            words.add(word.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return words;
    }

    /** Parses {@code a=b,c=d} (the value of --mount). */
    static Map<String, String> options(String value) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            int equals = part.indexOf('=');
            options.put(equals < 0 ? part : part.substring(0, equals), equals < 0 ? "" : part.substring(equals + 1));
        }
        return options;
    }
}
