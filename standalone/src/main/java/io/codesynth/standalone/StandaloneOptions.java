package io.codesynth.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.codesynth.contracts.DecodingSettings;

/**
 * What the standalone was asked to do, from its command line and environment (flags win over
 * environment variables, which win over defaults).
 *
 * @param command      what to run
 * @param ports        every port the standalone opens
 * @param dataDir      where PostgreSQL and Kafka keep their data between runs
 * @param modelDir     the checkpoint the generation worker decodes with, or null for the bundled demo model
 * @param unsandboxed  the verification worker runs candidates without bubblewrap (development only)
 * @param exitWhenDone demo only: exit once the demo job reached its final state
 * @param problemsFile demo only: a HumanEval- or MBPP-format JSONL file to submit instead of the bundled problems,
 *                     or null
 * @param demo         demo only: samples per task and how long each sample decodes
 * @param processes    {@code --processes}: every service its own OS process, with these worker counts; null runs
 *                     everything in this JVM
 */
record StandaloneOptions(
        Command command,
        Map<PortSetting, Integer> ports,
        Path dataDir,
        Path modelDir,
        boolean unsandboxed,
        boolean exitWhenDone,
        Path problemsFile,
        DemoSettings demo,
        ProcessOptions processes) {

    enum Command { START, DEMO, STATUS, HELP }

    /**
     * The multi-process run's choices.
     *
     * @param generationWorkers   generation worker processes, one consumer group
     * @param verificationWorkers verification worker processes, one consumer group
     * @param restart             restart a process that dies, as compose's {@code restart: unless-stopped} would
     */
    record ProcessOptions(int generationWorkers, int verificationWorkers, boolean restart) {
    }

    /**
     * The most workers of one kind: the partitions of the topics the services create
     * ({@code codesynth.kafka.partitions}); a worker beyond them would sit idle in its group.
     */
    static final int MAX_WORKERS = 12;

    static final String DATA_DIR_ENV = "CODESYNTH_DATA_DIR";
    static final String MODEL_DIR_ENV = "CODESYNTH_MODEL_DIR";
    static final String MODEL_FLAG = "--model";
    static final String UNSANDBOXED_FLAG = "--unsandboxed";
    static final Path DEFAULT_DATA_DIR = Path.of(".codesynth");
    static final int MAX_SAMPLES = 200;

    StandaloneOptions {
        ports = Map.copyOf(ports);
    }

    int port(PortSetting setting) {
        return ports.get(setting);
    }

    /** Demo only: samples per task. */
    int samples() {
        return demo.samples();
    }

    /**
     * @throws IllegalArgumentException with a message fit for the user: an unknown flag, a missing or
     *                                  malformed value, a port out of range, two uses of one port
     */
    static StandaloneOptions parse(List<String> args, Map<String, String> environment) {
        Map<PortSetting, Integer> ports = new EnumMap<>(PortSetting.class);
        for (PortSetting setting : PortSetting.values()) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            ports.put(setting, fromEnvironment == null || fromEnvironment.isBlank()
                    ? setting.defaultPort()
                    : parsePort(fromEnvironment, setting.environmentVariable()));
        }
        String dataDirFromEnvironment = environment.get(DATA_DIR_ENV);
        Path dataDir = dataDirFromEnvironment == null || dataDirFromEnvironment.isBlank()
                ? DEFAULT_DATA_DIR : Path.of(dataDirFromEnvironment);
        String modelDirFromEnvironment = environment.get(MODEL_DIR_ENV);
        Path modelDir = modelDirFromEnvironment == null || modelDirFromEnvironment.isBlank()
                ? null : Path.of(modelDirFromEnvironment);
        String modelDirSource = MODEL_DIR_ENV;
        Command command = Command.START;
        boolean unsandboxed = false;
        boolean exitWhenDone = false;
        Path problemsFile = null;
        // demo settings given as flags; the rest come from the defaults for the model in use
        Integer samples = null;
        Integer maxNewTokens = null;
        Integer steps = null;
        Double temperature = null;
        boolean processes = false;
        boolean restart = false;
        Integer generationWorkers = null;
        Integer verificationWorkers = null;

        Deque<String> remaining = new ArrayDeque<>(splitAssignments(args));
        boolean commandSeen = false;
        boolean demoOptionSeen = false;
        while (!remaining.isEmpty()) {
            String arg = remaining.removeFirst();
            PortSetting portFlag = portFlag(arg);
            if (portFlag != null) {
                ports.put(portFlag, parsePort(valueOf(arg, remaining), arg));
            } else if (arg.equals("--data-dir")) {
                dataDir = Path.of(valueOf(arg, remaining));
            } else if (arg.equals(MODEL_FLAG)) {
                modelDir = Path.of(valueOf(arg, remaining));
                modelDirSource = MODEL_FLAG;
            } else if (arg.equals(UNSANDBOXED_FLAG)) {
                unsandboxed = true;
            } else if (arg.equals("--exit-when-done")) {
                exitWhenDone = true;
                demoOptionSeen = true;
            } else if (arg.equals("--problems")) {
                problemsFile = Path.of(valueOf(arg, remaining));
                demoOptionSeen = true;
            } else if (arg.equals("--samples")) {
                demoOptionSeen = true;
                samples = parseInRange(valueOf(arg, remaining), arg, MAX_SAMPLES);
            } else if (arg.equals("--max-new-tokens")) {
                demoOptionSeen = true;
                maxNewTokens = parseInRange(valueOf(arg, remaining), arg, DecodingSettings.MAX_NEW_TOKENS);
            } else if (arg.equals("--steps")) {
                demoOptionSeen = true;
                steps = parseInRange(valueOf(arg, remaining), arg, DecodingSettings.MAX_STEPS);
            } else if (arg.equals("--temperature")) {
                demoOptionSeen = true;
                temperature = parseTemperature(valueOf(arg, remaining), arg);
            } else if (arg.equals("--processes")) {
                processes = true;
            } else if (arg.equals("--generation-workers")) {
                generationWorkers = parseInRange(valueOf(arg, remaining), arg, MAX_WORKERS);
            } else if (arg.equals("--verification-workers")) {
                verificationWorkers = parseInRange(valueOf(arg, remaining), arg, MAX_WORKERS);
            } else if (arg.equals("--restart")) {
                restart = true;
            } else if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
                command = Command.HELP;
            } else if (!arg.startsWith("-") && !commandSeen) {
                command = switch (arg) {
                    case "start" -> Command.START;
                    case "demo" -> Command.DEMO;
                    case "status" -> Command.STATUS;
                    default -> throw new IllegalArgumentException("unknown command '" + arg + "' (commands: start, demo, status, help)");
                };
                commandSeen = true;
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (command == Command.START && demoOptionSeen) {
            throw new IllegalArgumentException(
                    "--exit-when-done, --problems, --samples, --max-new-tokens, --steps and --temperature belong to the demo command");
        }
        if (!processes && (generationWorkers != null || verificationWorkers != null || restart)) {
            throw new IllegalArgumentException("--generation-workers, --verification-workers and --restart need --processes");
        }
        if (command == Command.STATUS && (processes || demoOptionSeen)) {
            throw new IllegalArgumentException("status takes --data-dir only");
        }
        rejectSharedPorts(ports);
        if (modelDir != null && command != Command.HELP && command != Command.STATUS) {
            checkModelDir(modelDir, modelDirSource);
        }
        DemoSettings defaults = modelDir == null ? DemoSettings.DEMO_MODEL : DemoSettings.OTHER_MODELS;
        return new StandaloneOptions(command, ports, dataDir, modelDir, unsandboxed, exitWhenDone, problemsFile,
                new DemoSettings(samples != null ? samples : defaults.samples(),
                        maxNewTokens != null ? maxNewTokens : defaults.maxNewTokens(),
                        steps != null ? steps : defaults.steps(),
                        temperature != null ? temperature : defaults.temperature()),
                processes ? new ProcessOptions(generationWorkers != null ? generationWorkers : 1,
                        verificationWorkers != null ? verificationWorkers : 1, restart) : null);
    }

    /** The usage text printed by {@code --help}. */
    static String usage() {
        StringBuilder text = new StringBuilder("""
                usage: codesynth [start | demo] [options]
                       codesynth status [--data-dir DIR]
                       codesynth <offline command> [options]

                  start                          run Kafka, PostgreSQL and the services until Ctrl-C (the default)
                  demo                           start, submit a small job and follow it: held-out problems of the
                                                 bundled demo model's task family, or five HumanEval problems with --model
                  status                         the processes of a `start --processes` run on the data directory, their
                                                 health, and the lag of each consumer group per topic

                start and demo options (environment variable in brackets):
                """);
        for (PortSetting setting : PortSetting.values()) {
            text.append(String.format("  %-30s %s port, default %d [%s]%n",
                    setting.flag() + " PORT", setting.label(), setting.defaultPort(), setting.environmentVariable()));
        }
        text.append(String.format("  %-30s PostgreSQL and Kafka data, the log, the unpacked model; default %s [%s]%n",
                "--data-dir DIR", DEFAULT_DATA_DIR, DATA_DIR_ENV));
        text.append(String.format("  %-30s checkpoint the generation worker decodes with (a directory with config.json);%n"
                + "  %-30s default: the bundled demo model, unpacked to <data-dir>/models/demo [%s]%n",
                MODEL_FLAG + " DIR", "", MODEL_DIR_ENV));
        text.append(String.format("  %-30s run candidates WITHOUT the bubblewrap sandbox (development only, never%n"
                + "  %-30s for untrusted code); without it, CodeSynth does not start where bubblewrap is missing%n",
                UNSANDBOXED_FLAG, ""));
        text.append("""
                  --processes                    every service its own OS process (its own exec jar, HTTP port and log
                                                 under <data-dir>/logs), Kafka its own JVM, PostgreSQL its own server;
                                                 without it everything runs in this JVM
                  --generation-workers N         with --processes: generation worker processes (1..%d), default 1;
                                                 worker i listens on the generation port + 100 * (i - 1)
                  --verification-workers M       with --processes: verification worker processes (1..%1$d), default 1;
                                                 worker i listens on the verification port + 100 * (i - 1)
                  --restart                      with --processes: restart a process that dies (after 1 s, doubling up
                                                 to 30 s while it keeps dying), as compose's restart: unless-stopped

                demo options:
                  --exit-when-done               exit once the job reached its final state: 0 if it is COMPLETED,
                                                 1 if it is not or did not get there within the demo's deadline
                  --problems FILE.jsonl          submit these problems instead of the bundled ones: one JSON object
                                                 per line, in HumanEval's format or MBPP's
                  --samples N                    samples per task (1..%d), default %d (%d with --model)
                  --max-new-tokens M             tokens each sample decodes (1..%d), default %d (%d with --model)
                  --steps S                      denoising steps (forward passes) per sample (1..%d), default %d
                                                 (%d with --model); the defaults keep the demo short on a laptop's CPU
                  --temperature T                sampling temperature (0..2, 0 = greedy), default %s (%s with --model)

                offline commands (no Kafka, PostgreSQL or services):
                """.formatted(MAX_WORKERS, MAX_SAMPLES, DemoSettings.DEMO_MODEL.samples(), DemoSettings.OTHER_MODELS.samples(),
                DecodingSettings.MAX_NEW_TOKENS, DemoSettings.DEMO_MODEL.maxNewTokens(), DemoSettings.OTHER_MODELS.maxNewTokens(),
                DecodingSettings.MAX_STEPS, DemoSettings.DEMO_MODEL.steps(), DemoSettings.OTHER_MODELS.steps(),
                DemoSettings.DEMO_MODEL.temperature(), DemoSettings.OTHER_MODELS.temperature()));
        OfflineCommands.appendCommands(text, OfflineCommands.ALL);
        text.append("  each prints its full list of options when one is wrong or missing\n");
        return text.toString();
    }

    /** A checkpoint directory must exist and hold config.json; the generation worker reads the rest. */
    private static void checkModelDir(Path dir, String source) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(source + " " + dir + ": no such directory");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException(source + " " + dir + " has no config.json; expected a Dream / DiffuCoder"
                    + " checkpoint directory (config.json, *.safetensors, tokenizer.json or vocab.json + merges.txt)");
        }
    }

    /** {@code --flag=value} becomes {@code --flag value}. */
    private static List<String> splitAssignments(List<String> args) {
        return args.stream()
                .flatMap(arg -> {
                    int eq = arg.indexOf('=');
                    return arg.startsWith("--") && eq > 0
                            ? Stream.of(arg.substring(0, eq), arg.substring(eq + 1))
                            : Stream.of(arg);
                })
                .toList();
    }

    private static PortSetting portFlag(String arg) {
        for (PortSetting setting : PortSetting.values()) {
            if (setting.flag().equals(arg)) {
                return setting;
            }
        }
        return null;
    }

    private static String valueOf(String flag, Deque<String> remaining) {
        if (remaining.isEmpty() || remaining.peekFirst().startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return remaining.removeFirst();
    }

    private static int parsePort(String value, String source) {
        int port = parseInt(value, source);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(source + " must be a port between 1 and 65535, got " + port);
        }
        return port;
    }

    private static int parseInRange(String value, String source, int max) {
        int number = parseInt(value, source);
        if (number < 1 || number > max) {
            throw new IllegalArgumentException(source + " must be between 1 and " + max + ", got " + number);
        }
        return number;
    }

    private static double parseTemperature(String value, String source) {
        double temperature;
        try {
            temperature = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a number, got '" + value + "'");
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException(source + " must be between 0 and 2, got " + value);
        }
        return temperature;
    }

    private static int parseInt(String value, String source) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a number, got '" + value + "'");
        }
    }

    private static void rejectSharedPorts(Map<PortSetting, Integer> ports) {
        Map<Integer, PortSetting> owners = new HashMap<>();
        for (Map.Entry<PortSetting, Integer> entry : ports.entrySet()) {
            PortSetting other = owners.putIfAbsent(entry.getValue(), entry.getKey());
            if (other != null) {
                throw new IllegalArgumentException("port " + entry.getValue() + " is given to both " + other.label()
                        + " (" + other.flag() + ") and " + entry.getKey().label() + " (" + entry.getKey().flag()
                        + "); give each its own");
            }
        }
    }
}
