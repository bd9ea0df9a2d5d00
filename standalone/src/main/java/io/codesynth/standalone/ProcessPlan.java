package io.codesynth.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of one {@code --processes} run, in start order, each with its command line, its settings as
 * environment variables (the names docker-compose.yml and k8s/ use; nothing of the one-JVM wiring) and its log.
 * Start order: Kafka (PostgreSQL, which is not a JVM, starts beside it), then results-service and the workers
 * at once, then the gateway, so no job is accepted before the stages behind it are up. Stop order is the reverse.
 *
 * @param kafka    the broker, its own JVM
 * @param backends results-service, the verification workers and the generation workers, started together
 * @param gateway  started once the backends are ready
 */
record ProcessPlan(ServiceProcess kafka, List<ServiceProcess> backends, ServiceProcess gateway) {

    /** Partitions of every topic: the most workers of one kind that all get work. */
    static final int PARTITIONS = StandaloneOptions.MAX_WORKERS;
    /** Worker i of a kind listens on the kind's port + this × (i − 1). */
    static final int WORKER_PORT_STEP = 100;

    /**
     * Each JVM's heap, set explicitly so that a run with 2 + 2 workers stays well inside 8 GB (the figures measured
     * are in docs/deploy.md). The generation worker's model and PyTorch live outside the heap.
     */
    static final Map<String, String> HEAP = Map.of(
            "kafka", "512m",
            PipelineServices.RESULTS_SERVICE, "384m",
            PipelineServices.GATEWAY_SERVICE, "256m",
            PipelineServices.GENERATION_WORKER, "512m",
            PipelineServices.VERIFICATION_WORKER, "256m");

    ProcessPlan {
        backends = List.copyOf(backends);
    }

    /** Every process in start order. */
    List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>();
        all.add(kafka);
        all.addAll(backends);
        all.add(gateway);
        return all;
    }

    /**
     * @param jdbcUrl      the PostgreSQL database the gateway and results-service share
     * @param apiKeySha256 SHA-256 hex of the run's API key (the key itself reaches no process)
     */
    static ProcessPlan of(StandaloneOptions options, RunSettings run, ServiceJars jars, String jdbcUrl, String apiKeySha256) {
        StandaloneOptions.ProcessOptions processes = options.processes();
        Path logs = run.dataDir().resolve("logs");
        String bootstrap = "127.0.0.1:" + options.port(PortSetting.KAFKA);

        ServiceProcess kafka = new ServiceProcess("kafka", "kafka", options.port(PortSetting.KAFKA),
                KafkaBrokerCommand.commandLine(jvm("kafka", run, HEAP.get("kafka")), jars.standalone(),
                        run.dataDir().resolve(StandaloneRuntime.KAFKA_DIR), options.port(PortSetting.KAFKA),
                        options.port(PortSetting.KAFKA_CONTROLLER), logs.resolve("kafka.log")),
                Map.of(), logs.resolve("kafka.log"), null);

        Map<String, String> common = new LinkedHashMap<>();
        common.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        common.put("CODESYNTH_KAFKA_PARTITIONS", String.valueOf(PARTITIONS));
        common.put("CODESYNTH_KAFKA_REPLICATION_FACTOR", "1");
        Map<String, String> withDatabase = new LinkedHashMap<>(common);
        withDatabase.put("SPRING_DATASOURCE_URL", jdbcUrl);
        withDatabase.put("SPRING_DATASOURCE_USERNAME", LocalPostgres.USER);
        // the local server trusts local connections; the variable is set so that one from the shell cannot apply
        withDatabase.put("SPRING_DATASOURCE_PASSWORD", "");
        withDatabase.put("CODESYNTH_SECURITY_APIKEYS_0_TENANT", StandaloneRuntime.DEMO_TENANT);
        withDatabase.put("CODESYNTH_SECURITY_APIKEYS_0_KEYSHA256", apiKeySha256);

        List<ServiceProcess> backends = new ArrayList<>();
        backends.add(service(PipelineServices.RESULTS_SERVICE, PipelineServices.RESULTS_SERVICE,
                options.port(PortSetting.RESULTS), withDatabase, run, jars, logs));
        for (int i = 1; i <= processes.verificationWorkers(); i++) {
            Map<String, String> environment = new LinkedHashMap<>(common);
            // always set: a mode from the environment must not unsandbox a run without --unsandboxed
            environment.put("CODESYNTH_VERIFICATION_SANDBOX_MODE", run.unsandboxed() ? "unsandboxed" : "sandboxed");
            backends.add(service(workerName(PipelineServices.VERIFICATION_WORKER, i), PipelineServices.VERIFICATION_WORKER,
                    workerPort(options.port(PortSetting.VERIFICATION), i), environment, run, jars, logs));
        }
        // the cores are shared: each worker's PyTorch gets its share instead of every worker taking them all
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / processes.generationWorkers());
        for (int i = 1; i <= processes.generationWorkers(); i++) {
            String name = workerName(PipelineServices.GENERATION_WORKER, i);
            Map<String, String> environment = new LinkedHashMap<>(common);
            // always set, empty without --model: a model directory from the environment must not contradict the banner
            environment.put("CODESYNTH_GENERATION_MODEL_DIR", run.modelDir().map(Path::toString).orElse(""));
            // one directory per worker: two workers unpacking into one directory at once would race
            Path models = run.dataDir().resolve(name).resolve("models");
            environment.put("CODESYNTH_GENERATION_BUNDLED_MODEL_DIR", models.resolve("demo").toString());
            environment.put("CODESYNTH_GENERATION_FALLBACK_MODEL_DIR", models.resolve("tiny-random").toString());
            environment.put("CODESYNTH_GENERATION_INTRA_OP_THREADS", String.valueOf(threads));
            backends.add(service(name, PipelineServices.GENERATION_WORKER,
                    workerPort(options.port(PortSetting.GENERATION), i), environment, run, jars, logs));
        }

        Map<String, String> gatewayEnvironment = new LinkedHashMap<>(withDatabase);
        gatewayEnvironment.put("CODESYNTH_GATEWAY_RESULTS_URL", "http://localhost:" + options.port(PortSetting.RESULTS));
        ServiceProcess gateway = service(PipelineServices.GATEWAY_SERVICE, PipelineServices.GATEWAY_SERVICE,
                options.port(PortSetting.GATEWAY), gatewayEnvironment, run, jars, logs);
        return new ProcessPlan(kafka, backends, gateway);
    }

    /** {@code generation-worker-2}. */
    static String workerName(String kind, int index) {
        return kind + "-" + index;
    }

    static int workerPort(int firstPort, int index) {
        return firstPort + WORKER_PORT_STEP * (index - 1);
    }

    private static ServiceProcess service(String name, String kind, int port, Map<String, String> settings,
                                          RunSettings run, ServiceJars jars, Path logs) {
        Map<String, String> environment = new LinkedHashMap<>(settings);
        environment.put("SERVER_PORT", String.valueOf(port));
        List<String> command = new ArrayList<>(jvm(name, run, HEAP.get(kind)));
        command.add("-jar");
        command.add(jars.service(kind).toString());
        return new ServiceProcess(name, kind, port, command, environment, logs.resolve(name + ".log"),
                PipelineService.ACTUATOR_READINESS);
    }

    /**
     * {@code java} with the heap and the options every process gets; {@code -Dcodesynth.process} and
     * {@code -Dcodesynth.data-dir} mark it as this run's, so leftovers of a killed run can be found and stopped.
     */
    private static List<String> jvm(String name, RunSettings run, String heap) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            // Kafka's clients still call sun.misc.Unsafe; JDK 23+ warns about it at every start unless allowed
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Dai.djl.offline=true");
        command.add(ProcessMarker.PROCESS_PROPERTY_PREFIX + name);
        command.add(ProcessMarker.DATA_DIR_PROPERTY_PREFIX + run.dataDir());
        return command;
    }
}
