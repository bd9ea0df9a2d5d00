package io.codesynth.standalone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codesynth.demomodel.HeldOutProblemsCommand;
import io.codesynth.demomodel.TrainDemoModelCommand;
import io.codesynth.demomodel.TrainingBenchmark;
import io.codesynth.generation.cli.DecodeBenchmark;
import io.codesynth.generation.cli.GenerateCommand;
import io.codesynth.generation.cli.RandomModelCommand;
import io.codesynth.verification.cli.VerifyBenchmark;
import io.codesynth.verification.cli.VerifyCommand;

/**
 * The commands that run without the pipeline: no broker, no database, no Spring context, just the
 * {@code main} of one class in this jar, with the arguments after the command's words. They keep their
 * own argument parsing and usage text; this table only routes to them and lists them in {@code --help}.
 * A command of two words ({@code bench decode}) belongs to the group named by its first word; the group
 * alone, or with a word it does not know, prints the group's usage.
 */
final class OfflineCommands {

    /** A {@code main} method. */
    @FunctionalInterface
    interface Main {
        void run(String[] args);
    }

    /**
     * One command.
     *
     * @param words    what selects it: {@code generate}, or a group and a name: {@code bench decode}
     * @param synopsis its key options, for the usage text
     * @param summary  what it does, in a few words
     * @param main     the class's main method
     */
    record OfflineCommand(List<String> words, String synopsis, String summary, Main main) {

        String name() {
            return String.join(" ", words);
        }
    }

    static final List<OfflineCommand> ALL = List.of(
            new OfflineCommand(List.of("generate"),
                    "--model DIR (--prompt TEXT | --prompts FILE.jsonl) [--samples N] [--alg entropy] [--steps S]"
                            + " [--max-new-tokens M] [--temperature T] [--top-p P] [--block-length B] [--threshold X]"
                            + " [--seed K]",
                    "decode prompts with a checkpoint and print every candidate with its figures",
                    GenerateCommand::main),
            new OfflineCommand(List.of("bench", "decode"),
                    "--model DIR [--max-new-tokens M] [--steps S] [--threshold X] [--block-length B] [--device D]",
                    "decoding speed at batch 1, 4 and 16: fixed steps vs confidence threshold",
                    DecodeBenchmark::main),
            new OfflineCommand(List.of("verify"),
                    "--problems P.jsonl[.gz] --samples S.jsonl [--out R.jsonl] [--parallel N] [--timeout SECONDS]"
                            + " [--unsandboxed]",
                    "run samples against their problems' tests in the sandbox; prints pass@k",
                    VerifyCommand::main),
            new OfflineCommand(List.of("bench", "verify"),
                    "[--repeat 5] [--parallel N] [--problems P.jsonl[.gz]] [--unsandboxed] [--reference]",
                    "programs/s of the sandbox on HumanEval's canonical solutions",
                    VerifyBenchmark::main),
            new OfflineCommand(List.of("random-model"),
                    "--out DIR [--hidden N] [--layers N] [--heads N] [--kv-heads N] [--context N] [--seed K]",
                    "write a Dream checkpoint with random weights (its output is random text)",
                    RandomModelCommand::main),
            new OfflineCommand(List.of("train-demo-model"),
                    "[--minutes M] [--out DIR] [--seed K] [--hidden N] [--layers N] [--batch N] [--eval-every N]",
                    "train the demo model from scratch for a time budget and write its checkpoint",
                    TrainDemoModelCommand::main),
            new OfflineCommand(List.of("bench", "train"),
                    "[--batch 32] [--steps 20] [--seed 42]",
                    "the demo model's training step: loss on masked rows only vs every position",
                    TrainingBenchmark::main),
            new OfflineCommand(List.of("heldout-problems"),
                    "--out FILE [--count 200] [--seed 42]",
                    "held-out problems of the demo model's task family, as HumanEval JSON lines",
                    HeldOutProblemsCommand::main));

    private static final Set<String> HELP = Set.of("--help", "-h", "help");
    /**
     * An option of a synopsis: a bracketed group (which may hold brackets of its own: {@code [--problems
     * P.jsonl[.gz]]}), a parenthesised group, or a word.
     */
    private static final Pattern SYNOPSIS_PART = Pattern.compile("\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]|\\([^)]*\\)|\\S+");
    private static final int SYNOPSIS_WIDTH = 70;

    /** What the command line asks for. */
    sealed interface Dispatch {
    }

    /** Run {@code command} with {@code args} (the command's own words removed). */
    record Run(OfflineCommand command, String[] args) implements Dispatch {
    }

    /**
     * A group without a command it knows: print its usage; {@code problem} says what was wrong, null when the
     * user asked for help.
     */
    record GroupUsage(String group, String problem) implements Dispatch {
    }

    /** Not an offline command: the standalone's own commands (start, demo) and options. */
    record NotOffline() implements Dispatch {
    }

    private OfflineCommands() {
    }

    static Dispatch dispatch(String[] args) {
        if (args.length == 0) {
            return new NotOffline();
        }
        List<String> given = Arrays.asList(args);
        for (OfflineCommand command : ALL) {
            if (given.size() >= command.words().size() && given.subList(0, command.words().size()).equals(command.words())) {
                return new Run(command, Arrays.copyOfRange(args, command.words().size(), args.length));
            }
        }
        String group = args[0];
        if (commandsOf(group).isEmpty()) {
            return new NotOffline();
        }
        if (args.length == 1) {
            return new GroupUsage(group, "which " + group + " command?");
        }
        return HELP.contains(args[1])
                ? new GroupUsage(group, null)
                : new GroupUsage(group, "unknown " + group + " command '" + args[1] + "'");
    }

    /** The commands of a group ({@code bench}), empty for a word that names no group. */
    static List<OfflineCommand> commandsOf(String group) {
        return ALL.stream().filter(command -> command.words().size() > 1 && command.words().get(0).equals(group)).toList();
    }

    /** The usage text of a group: its commands with their key options. */
    static String groupUsage(String group) {
        StringBuilder text = new StringBuilder("usage: codesynth " + group + " <"
                + String.join(" | ", commandsOf(group).stream().map(command -> command.words().get(1)).toList())
                + "> [options]\n\n");
        appendCommands(text, commandsOf(group));
        text.append("\nEach prints its full list of options when one is wrong or missing.\n");
        return text.toString();
    }

    /** Lines for the usage text: each command, what it does, then its key options. */
    static void appendCommands(StringBuilder text, List<OfflineCommand> commands) {
        for (OfflineCommand command : commands) {
            text.append(String.format("  %-30s %s%n", command.name(), command.summary()));
            for (String line : wrap(command.synopsis())) {
                text.append(String.format("  %-30s   %s%n", "", line));
            }
        }
    }

    /** The synopsis in lines of at most {@value #SYNOPSIS_WIDTH} characters, never splitting an option group. */
    private static List<String> wrap(String synopsis) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        Matcher part = SYNOPSIS_PART.matcher(synopsis);
        while (part.find()) {
            if (!line.isEmpty() && line.length() + 1 + part.group().length() > SYNOPSIS_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(part.group());
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
