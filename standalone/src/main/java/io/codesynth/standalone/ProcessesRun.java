package io.codesynth.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.codesynth.contracts.ConsumerGroups;
import io.codesynth.contracts.auth.ApiKeys;

/**
 * {@code start --processes} and {@code demo --processes}: the pipeline as the separate processes it is in a real
 * deployment, supervised from this JVM ({@link ProcessSupervisor}); the demo then runs against the gateway exactly
 * as in the one-JVM run. Exit status as {@link CodeSynthStandalone}'s.
 */
final class ProcessesRun {

    private final StandaloneOptions options;
    private final RunSettings settings;

    ProcessesRun(StandaloneOptions options, RunSettings settings) {
        this.options = options;
        this.settings = settings;
    }

    int run() {
        Path dataDir = settings.dataDir();
        try {
            ProcessSupervisor.stopLeftovers(dataDir).forEach(System.out::println);
        } catch (IOException | IllegalStateException e) {
            System.err.println("codesynth: " + e.getMessage());
            return 1;
        }
        ServiceJars jars = ServiceJars.fromSystemProperty();
        try {
            jars.requireAll(List.of(PipelineServices.RESULTS_SERVICE, PipelineServices.VERIFICATION_WORKER,
                    PipelineServices.GENERATION_WORKER, PipelineServices.GATEWAY_SERVICE));
        } catch (IllegalStateException e) {
            System.err.println("codesynth: " + e.getMessage());
            return 1;
        }
        String apiKey = ApiKeys.generateKey();
        ProcessPlan plan = ProcessPlan.of(options, settings, jars,
                ProcessSupervisor.jdbcUrl(options.port(PortSetting.POSTGRES)), ApiKeys.sha256Hex(apiKey));
        List<String> portsInUse = portsInUse(plan);
        if (!portsInUse.isEmpty()) {
            portsInUse.forEach(problem -> System.err.println("codesynth: " + problem));
            return 1;
        }
        DemoProblems problems = null;
        if (options.command() == StandaloneOptions.Command.DEMO) {
            try {
                problems = CodeSynthStandalone.demoProblems(options);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("codesynth: " + e.getMessage());
                return 2;
            }
        }
        Path logFile = dataDir.resolve("codesynth.log");
        try {
            CodeSynthStandalone.prepareLogFile(logFile);
        } catch (IOException e) {
            System.err.println("codesynth: cannot write to the data directory " + dataDir + ": " + e.getMessage());
            return 1;
        }

        StandaloneOptions.ProcessOptions processes = options.processes();
        System.out.println("starting CodeSynth as processes: PostgreSQL, Kafka, results-service, "
                + processes.verificationWorkers() + " verification and " + processes.generationWorkers()
                + " generation workers, gateway-service; logs in " + dataDir.resolve("logs") + " ...");
        long startNanos = System.nanoTime();
        ProcessSupervisor supervisor = new ProcessSupervisor(plan, settings, options.port(PortSetting.POSTGRES),
                processes.restart(), System.err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(supervisor, stopped, true), "codesynth-shutdown"));
        try {
            supervisor.start(new ServiceReadiness(System.out, ProgressLine.onStandardOutput(),
                    CodeSynthStandalone.READINESS_TIMEOUT));
        } catch (IOException | RuntimeException e) {
            StartFailure.log(e);
            System.err.println("codesynth: " + e.getMessage());
            System.err.println("the processes' logs are in " + dataDir.resolve("logs"));
            stopped.countDown();
            return 1;
        }
        String bootstrapServers = "127.0.0.1:" + options.port(PortSetting.KAFKA);
        try (ConsumerLag lag = new ConsumerLag(bootstrapServers)) {
            Map<String, Integer> members = new LinkedHashMap<>();
            members.put(ConsumerGroups.GENERATION_WORKER, processes.generationWorkers());
            members.put(ConsumerGroups.VERIFICATION_WORKER, processes.verificationWorkers());
            List<String> notJoined = supervisor.awaitConsumerGroups(lag, members);
            if (!notJoined.isEmpty()) {
                System.err.println("codesynth: not every worker joined its consumer group in time: "
                        + String.join(", ", notJoined) + "; work goes to those that did");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);

        StandaloneConsole.Endpoints endpoints = new StandaloneConsole.Endpoints(plan.gateway().url(), bootstrapServers,
                true, true);
        StandaloneConsole console = new StandaloneConsole(System.out, endpoints, dataDir, logFile);
        console.printProcessesBanner(supervisor.table(), startup, notes(processes), apiKey);
        if (problems == null) {
            console.printStopHint();
            CodeSynthStandalone.awaitShutdown(stopped);
            return 0;
        }
        DemoJob.Outcome outcome = new DemoJob(new GatewayClient(plan.gateway().url(), apiKey), true,
                ProgressLine.onStandardOutput(), System.out).run(problems, options.demo());
        console.printDemoOutcome(outcome, options.demo());
        if (options.exitWhenDone()) {
            stop(supervisor, stopped, false);
            return outcome.exitStatus();
        }
        console.printStopHint();
        CodeSynthStandalone.awaitShutdown(stopped);
        return 0;
    }

    /** What the banner says besides the processes: the model, the sandbox, the restart policy. */
    private List<String> notes(StandaloneOptions.ProcessOptions processes) {
        List<String> notes = new ArrayList<>();
        notes.add(PipelineServices.modelNote(settings));
        if (settings.unsandboxed()) {
            notes.add("sandbox: UNSANDBOXED\nWARNING: candidates run WITHOUT isolation (--unsandboxed: development only,"
                    + " never for untrusted code)");
        }
        notes.add(processes.restart() ? "restart: a process that dies is started again (--restart)"
                : "restart: off; a process that dies is reported and stays down (--restart starts it again)");
        notes.add("worker ids (on every candidate and verdict): " + hostName() + "/<pid>");
        return notes;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "<host>";
        }
    }

    /**
     * One sentence per port of the plan that is taken: the flag that moves it (a worker's port follows its kind's
     * first port), before anything starts.
     */
    private List<String> portsInUse(ProcessPlan plan) {
        List<String> problems = new ArrayList<>();
        checkPort(options.port(PortSetting.POSTGRES), "PostgreSQL", PortSetting.POSTGRES, problems);
        checkPort(options.port(PortSetting.KAFKA_CONTROLLER), "Kafka controller", PortSetting.KAFKA_CONTROLLER, problems);
        for (ServiceProcess process : plan.all()) {
            PortSetting setting = switch (process.kind()) {
                case "kafka" -> PortSetting.KAFKA;
                case PipelineServices.RESULTS_SERVICE -> PortSetting.RESULTS;
                case PipelineServices.GATEWAY_SERVICE -> PortSetting.GATEWAY;
                case PipelineServices.GENERATION_WORKER -> PortSetting.GENERATION;
                default -> PortSetting.VERIFICATION;
            };
            checkPort(process.port(), process.name(), setting, problems);
        }
        return problems;
    }

    private static void checkPort(int port, String label, PortSetting setting, List<String> problems) {
        if (!PortCheck.isFree(port)) {
            problems.add("port " + port + " (" + label + ") is in use; choose another with " + setting.flag()
                    + (label.matches(".*-\\d+") ? " (worker i listens on it + " + ProcessPlan.WORKER_PORT_STEP
                    + " × (i − 1))" : "") + " or " + setting.environmentVariable());
        }
    }

    private static synchronized void stop(ProcessSupervisor supervisor, CountDownLatch stopped, boolean bySignal) {
        if (stopped.getCount() == 0) {
            return;
        }
        if (bySignal) {
            System.out.println();
        }
        System.out.println("stopping CodeSynth's processes ...");
        try {
            supervisor.close();
            System.out.println("CodeSynth stopped.");
        } catch (RuntimeException e) {
            System.err.println("codesynth: stopping was not clean: " + e.getMessage());
        } finally {
            stopped.countDown();
        }
    }
}
