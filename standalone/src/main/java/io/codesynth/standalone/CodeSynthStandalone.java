package io.codesynth.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.codesynth.contracts.auth.ApiKeys;
import io.codesynth.generation.model.BundledModel;
import io.codesynth.generation.model.DjlDefaults;
import org.slf4j.LoggerFactory;

/**
 * All of CodeSynth in one JVM: a Kafka broker, PostgreSQL and the services, for a laptop, a demo or a
 * CI smoke test. {@code start} serves until Ctrl-C; {@code demo} also submits a small HumanEval job (or the
 * user's HumanEval / MBPP file), follows it with a live progress line and prints its ranked summary. The offline commands ({@link OfflineCommands}: {@code generate}, {@code bench decode},
 * ...) run from the same jar without starting anything.
 *
 * <p>Exit status: 0 after a normal stop (or a demo whose job was completed, with {@code --exit-when-done}),
 * 1 when something could not start or the demo job failed or did not end in time, 2 for a usage error.
 */
public final class CodeSynthStandalone {

    /** How long a service may take to become ready (a large checkpoint loads for minutes on a CPU). */
    static final Duration READINESS_TIMEOUT = Duration.ofMinutes(30);
    /** Problems in the default demo job with the bundled demo model. */
    static final int DEMO_HELD_OUT_PROBLEMS = 8;

    private CodeSynthStandalone() {
    }

    /**
     * The user's file; else held-out problems of the bundled demo model's family when that model runs (a model
     * given with --model is a real one, for which the bundled HumanEval problems are the demo).
     */
    static DemoProblems demoProblems(StandaloneOptions options) throws IOException {
        if (options.problemsFile() != null) {
            return DemoProblems.fromFile(options.problemsFile());
        }
        if (options.modelDir() == null && BundledModel.DEMO.available()) {
            return DemoProblems.heldOut(DEMO_HELD_OUT_PROBLEMS);
        }
        return DemoProblems.bundled();
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(KafkaBrokerCommand.NAME)) {
            // the broker of a multi-process run, in a JVM of its own; it returns only after a failed start
            int status = KafkaBrokerCommand.run(Arrays.copyOfRange(args, 1, args.length));
            if (status != 0) {
                System.exit(status);
            }
            return;
        }
        // before anything else: an offline command must start no logging of ours, no broker and no Spring context
        switch (OfflineCommands.dispatch(args)) {
            case OfflineCommands.Run run -> {
                DjlDefaults.offlineUnlessSet();
                run.command().main().run(run.args());
                return;
            }
            case OfflineCommands.GroupUsage usage -> {
                if (usage.problem() == null) {
                    System.out.print(OfflineCommands.groupUsage(usage.group()));
                    return;
                }
                System.err.println("codesynth " + usage.group() + ": " + usage.problem());
                System.err.println();
                System.err.print(OfflineCommands.groupUsage(usage.group()));
                System.exit(2);
                return;
            }
            case OfflineCommands.NotOffline notOffline -> {
                // the standalone's own commands, below
            }
        }
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(Arrays.asList(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("codesynth: " + e.getMessage());
            System.err.println("run with --help to see the commands and options");
            System.exit(2);
            return;
        }
        if (options.command() == StandaloneOptions.Command.HELP) {
            System.out.print(StandaloneOptions.usage());
            return;
        }
        System.exit(run(options));
    }

    private static int run(StandaloneOptions options) {
        if (options.command() == StandaloneOptions.Command.STATUS) {
            return new StatusCommand(System.out).run(options.dataDir());
        }
        RunSettings settings = RunSettings.of(options);
        if (options.processes() != null) {
            return new ProcessesRun(options, settings).run();
        }
        Path dataDir = settings.dataDir();
        try {
            LocalPostgres.stopLeftoverServer(dataDir.resolve(StandaloneRuntime.POSTGRES_DIR)).ifPresent(System.out::println);
        } catch (IOException e) {
            System.err.println("codesynth: " + e.getMessage());
            return 1;
        }
        // before anything starts: a taken port must not leave a half-started broker behind
        List<String> portsInUse = PortCheck.portsInUse(options.ports());
        if (!portsInUse.isEmpty()) {
            portsInUse.forEach(problem -> System.err.println("codesynth: " + problem));
            return 1;
        }
        DemoProblems problems = null;
        if (options.command() == StandaloneOptions.Command.DEMO) {
            try {
                problems = demoProblems(options);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("codesynth: " + e.getMessage());
                return 2;
            }
        }
        Path logFile = dataDir.resolve("codesynth.log");
        try {
            prepareLogFile(logFile);
        } catch (IOException e) {
            System.err.println("codesynth: cannot write to the data directory " + dataDir + ": " + e.getMessage());
            return 1;
        }

        String apiKey = ApiKeys.generateKey();
        List<PipelineService> services = PipelineServices.all(settings);
        System.out.println("starting CodeSynth: PostgreSQL, Kafka, "
                + String.join(", ", services.stream().map(PipelineService::name).toList()) + " ...");
        long startNanos = System.nanoTime();
        StandaloneRuntime runtime;
        try {
            runtime = StandaloneRuntime.start(options.ports(), dataDir, services, apiKey);
        } catch (IOException | RuntimeException e) {
            StartFailure.log(e);
            StartFailure.describe(e).forEach(System.err::println);
            System.err.println("details are in " + logFile);
            return 1;
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runtime, stopped, true), "codesynth-shutdown"));

        StandaloneConsole console = new StandaloneConsole(System.out, StandaloneConsole.Endpoints.of(runtime), dataDir, logFile);
        console.printBanner(runtime, startup, apiKey);
        ServiceReadiness.Outcome readiness = new ServiceReadiness(System.out, ProgressLine.onStandardOutput(), READINESS_TIMEOUT)
                .await(runtime.services());
        if (!readiness.succeeded()) {
            System.err.println("codesynth: " + readiness.failure());
            System.err.println("details are in " + logFile);
            stop(runtime, stopped, false);
            return 1;
        }
        if (problems == null) {
            console.printStopHint();
            awaitShutdown(stopped);
            return 0;
        }
        GatewayClient gateway = new GatewayClient(runtime.services().url(PipelineServices.GATEWAY_SERVICE), apiKey);
        boolean workersRun = PipelineServices.processesJobsToTheEnd(runtime.services());
        DemoJob.Outcome outcome = new DemoJob(gateway, workersRun, ProgressLine.onStandardOutput(), System.out)
                .run(problems, options.demo());
        console.printDemoOutcome(outcome, options.demo());
        if (options.exitWhenDone()) {
            stop(runtime, stopped, false);
            return outcome.exitStatus();
        }
        console.printStopHint();
        awaitShutdown(stopped);
        return 0;
    }

    /**
     * Points the file appender at the data directory and empties the previous run's log. Runs before
     * the first logger exists, because logging reads the system property once, at its start.
     */
    static void prepareLogFile(Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "");
        System.setProperty("codesynth.log.file", logFile.toString());
        // start logging now, on this thread: PostgreSQL and Kafka start on two threads at once
        LoggerFactory.getLogger(CodeSynthStandalone.class).info("CodeSynth standalone starting, data in {}", logFile.getParent());
    }

    /** Stops everything once; {@code bySignal}: called by the shutdown hook (Ctrl-C, a termination signal). */
    private static synchronized void stop(StandaloneRuntime runtime, CountDownLatch stopped, boolean bySignal) {
        if (stopped.getCount() == 0) {
            return;
        }
        if (bySignal) {
            System.out.println(); // leave the line the terminal echoed ^C on
        }
        System.out.println("stopping CodeSynth ...");
        try {
            runtime.close();
            System.out.println("CodeSynth stopped.");
        } catch (IOException | RuntimeException e) {
            System.err.println("codesynth: stopping was not clean: " + e.getMessage());
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until the shutdown hook has stopped everything (Ctrl-C or a termination signal). */
    static void awaitShutdown(CountDownLatch stopped) {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
