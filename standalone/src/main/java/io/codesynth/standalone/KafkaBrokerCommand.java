package io.codesynth.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kafka-broker}: the broker of a multi-process run as a JVM of its own: the same single-node KRaft server
 * the one-JVM run embeds ({@link LocalKafkaBroker}), serving until it is sent SIGTERM, when it shuts down cleanly.
 * The supervisor starts it; it is not meant to be typed, so it is not in the usage text, but it says what it takes.
 */
final class KafkaBrokerCommand {

    static final String NAME = "kafka-broker";
    static final String USAGE = "usage: codesynth kafka-broker --data-dir DIR --port PORT --controller-port PORT\n"
            + "  runs one Kafka node (KRaft broker and controller) on 127.0.0.1 until SIGTERM;"
            + " codesynth start --processes starts it\n";

    private KafkaBrokerCommand() {
    }

    /** The command line that runs this command in its own JVM, logging to {@code log}. */
    static List<String> commandLine(List<String> jvm, Path standaloneJar, Path dataDir, int port, int controllerPort,
                                    Path log) {
        List<String> command = new ArrayList<>(jvm);
        // logback.xml of this jar: everything to the file, nothing twice through standard output
        command.add("-Dcodesynth.log.file=" + log);
        command.add("-Dcodesynth.console.level=OFF");
        command.addAll(List.of("-jar", standaloneJar.toString(), NAME, "--data-dir", dataDir.toString(),
                "--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort)));
        return command;
    }

    /** @return the exit status: 0 after a clean stop, 1 if the broker did not start, 2 for a usage error */
    static int run(String[] args) {
        Path dataDir = null;
        Integer port = null;
        Integer controllerPort = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    System.out.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + (arg.startsWith("--") ? " needs a value" : ": unknown argument"));
                }
                String value = args[++i];
                switch (arg) {
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--port" -> port = Integer.parseInt(value);
                    case "--controller-port" -> controllerPort = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (dataDir == null || port == null || controllerPort == null) {
                throw new IllegalArgumentException("--data-dir, --port and --controller-port are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("codesynth kafka-broker: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        LocalKafkaBroker broker;
        try {
            broker = LocalKafkaBroker.start(dataDir, port, controllerPort);
        } catch (IOException | RuntimeException e) {
            System.err.println("codesynth kafka-broker: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        System.out.println("Kafka broker ready at " + broker.bootstrapServers());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
