package io.codesynth.deployment;

import static io.codesynth.deployment.ComposeProject.at;
import static io.codesynth.deployment.ComposeProject.environment;
import static io.codesynth.deployment.ComposeProject.list;
import static io.codesynth.deployment.ComposeProject.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * docker-compose.yml, read with SnakeYAML: health checks, restart policies and start order, scaling (no host
 * ports or fixed names on workers), no privileged container, the GPU profile, builds that point at a real
 * Dockerfile stage, declared volumes and mounted files that exist, and environment variables the services bind.
 */
class ComposeFileTest {

    private static final Map<String, Map<String, Object>> SERVICES = ComposeProject.composeServices();
    private static final String KEY_HASH_VARIABLE = "CODESYNTH_API_KEY_SHA256";

    @Test
    void theFileHasTheWholeTopology() {
        assertThat(SERVICES).containsKeys("kafka", "postgres", "gateway-service", "results-service", "generation-worker",
                "generation-worker-gpu", "verification-worker", "prometheus", "grafana");
        assertThat(ComposeProject.compose()).as("the Compose Specification has no version key").doesNotContainKey("version");
    }

    @Test
    void everyServiceHasAHealthCheckAndARestartPolicy() {
        SERVICES.forEach((name, service) -> {
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            assertThat(healthcheck).as("%s has a healthcheck", name).isNotEmpty();
            assertThat(healthcheck.get("disable")).as("%s: healthcheck not disabled", name).isNotEqualTo(true);
            List<Object> test = list(healthcheck.get("test"));
            assertThat(test).as("%s: healthcheck test", name).hasSizeGreaterThan(1);
            assertThat(test.get(0)).as("%s: healthcheck test form", name).isIn("CMD", "CMD-SHELL");
            assertThat(service.get("restart")).as("%s: restart policy", name).isEqualTo("unless-stopped");
        });
    }

    @Test
    void theServicesHealthChecksAskTheirActuatorReadinessOnTheirOwnPort() {
        for (String service : ComposeProject.SERVICES) {
            List<Object> test = list(at(SERVICES.get(service), "healthcheck.test"));
            assertThat(test).as(service).contains("http://localhost:" + ComposeProject.serverPort(service) + "/actuator/health/readiness");
        }
        assertThat(list(at(SERVICES.get("generation-worker-gpu"), "healthcheck.test")))
                .contains("http://localhost:" + ComposeProject.serverPort("generation-worker") + "/actuator/health/readiness");
        assertThat(list(at(SERVICES.get("postgres"), "healthcheck.test"))).contains("pg_isready");
    }

    @Test
    void dependenciesWaitForHealthyServices() {
        SERVICES.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn).as("%s: depends_on in the long form (with conditions)", name).isInstanceOf(Map.class);
            map(dependsOn).forEach((dependency, settings) -> {
                assertThat(SERVICES).as("%s depends on %s", name, dependency).containsKey(dependency);
                assertThat(map(settings).get("condition")).as("%s -> %s", name, dependency).isEqualTo("service_healthy");
                assertThat(SERVICES.get(dependency)).as("%s has the healthcheck %s waits for", dependency, name).containsKey("healthcheck");
                assertThat(SERVICES.get(dependency).get("profiles")).as("%s must not wait for a service of a profile", name).isNull();
            });
        });
        assertThat(dependencies("results-service")).containsExactlyInAnyOrder("kafka", "postgres");
        assertThat(dependencies("gateway-service")).containsExactlyInAnyOrder("kafka", "postgres", "results-service");
        for (String worker : ComposeProject.WORKERS) {
            assertThat(dependencies(worker)).as(worker).containsExactly("kafka");
        }
    }

    @Test
    void workersCanBeScaled() {
        for (String worker : ComposeProject.WORKERS) {
            Map<String, Object> service = SERVICES.get(worker);
            assertThat(service).as("%s: --scale needs no fixed name and no host port", worker)
                    .doesNotContainKeys("container_name", "ports", "hostname");
            assertThat(at(service, "deploy.replicas")).as("%s: replicas are set with --scale", worker).isNull();
        }
    }

    @Test
    void hostPortsAreOnlyTheDocumentedOnes() {
        Map<String, Integer> published = Map.of("gateway-service", ComposeProject.serverPort("gateway-service"),
                "results-service", ComposeProject.serverPort("results-service"), "prometheus", 9090, "grafana", 3000);
        SERVICES.forEach((name, service) -> {
            List<Object> ports = list(service.get("ports"));
            if (!published.containsKey(name)) {
                assertThat(ports).as("%s publishes no host port", name).isEmpty();
                return;
            }
            assertThat(ports).as(name).hasSize(1);
            assertThat(String.valueOf(ports.get(0))).as("%s: host:container port", name).endsWith(":" + published.get(name));
        });
    }

    @Test
    void nothingIsPrivileged() {
        SERVICES.forEach((name, service) -> {
            assertThat(service.get("privileged")).as("%s: privileged", name).isNotEqualTo(true);
            assertThat(list(service.get("cap_add"))).as("%s: cap_add", name).isEmpty();
            assertThat(service).as(name).doesNotContainKeys("pid", "ipc", "network_mode", "userns_mode", "devices");
            for (Object option : list(service.get("security_opt"))) {
                assertThat(String.valueOf(option)).as("%s: security_opt", name)
                        .doesNotMatch("seccomp[=:]unconfined").doesNotMatch("label[=:]disable");
            }
            for (Object volume : list(service.get("volumes"))) {
                assertThat(String.valueOf(volume)).as("%s: no Docker socket", name).doesNotContain("docker.sock");
            }
        });
    }

    @Test
    void theVerificationWorkerGetsExactlyWhatBubblewrapNeeds() {
        Map<String, Object> worker = SERVICES.get("verification-worker");
        List<String> options = list(worker.get("security_opt")).stream().map(String::valueOf).toList();
        assertThat(options).containsExactlyInAnyOrder("seccomp=./infra/verification-worker/seccomp-bwrap.json",
                "apparmor=unconfined", "systempaths=unconfined", "no-new-privileges:true");
        assertThat(ComposeProject.ROOT.resolve("infra/verification-worker/seccomp-bwrap.json")).isRegularFile();
        assertThat(list(worker.get("cap_drop"))).containsExactly("ALL");
        assertThat(worker.get("pids_limit")).isInstanceOf(Integer.class);
        assertThat(environment(worker)).containsEntry("CODESYNTH_VERIFICATION_SANDBOX_MODE", "sandboxed")
                .doesNotContainKey("CODESYNTH_WORKER_ID");
        SERVICES.forEach((name, service) -> {
            if (!name.equals("verification-worker")) {
                assertThat(service.get("security_opt")).as("%s needs no relaxed security option", name).isNull();
            }
        });
    }

    @Test
    void theGpuProfileReservesAnNvidiaDeviceAndTheDefaultRunsOnTheCpu() {
        Map<String, Object> gpu = SERVICES.get("generation-worker-gpu");
        assertThat(list(gpu.get("profiles"))).containsExactly("gpu");
        List<Object> devices = list(at(gpu, "deploy.resources.reservations.devices"));
        assertThat(devices).as("deploy.resources.reservations.devices").hasSize(1);
        Map<String, Object> device = map(devices.get(0));
        assertThat(device.get("driver")).isEqualTo("nvidia");
        assertThat(list(device.get("capabilities"))).contains("gpu");
        assertThat(device.containsKey("count") || device.containsKey("device_ids")).isTrue();
        assertThat(environment(gpu)).containsEntry("CODESYNTH_GENERATION_DEVICE", "gpu");
        assertThat(gpu.get("build")).as("the GPU worker is built like the CPU one").isEqualTo(SERVICES.get("generation-worker").get("build"));

        Map<String, Object> cpu = SERVICES.get("generation-worker");
        assertThat(cpu.get("profiles")).as("the CPU worker runs by default").isNull();
        assertThat(environment(cpu)).containsEntry("CODESYNTH_GENERATION_DEVICE", "cpu");
        assertThat(at(cpu, "deploy.resources.reservations.devices")).isNull();
        SERVICES.forEach((name, service) -> {
            if (!name.equals("generation-worker-gpu")) {
                assertThat(at(service, "deploy.resources.reservations.devices")).as(name).isNull();
            }
        });
    }

    @Test
    void everyBuildPointsAtAnExistingDockerfileAndStage() {
        List<String> built = new ArrayList<>();
        SERVICES.forEach((name, service) -> {
            Object build = service.get("build");
            if (build == null) {
                assertThat(String.valueOf(service.get("image"))).as("%s: a pinned image, not latest", name)
                        .matches("[^:\\s]+:[^:\\s]+").doesNotEndWith(":latest");
                return;
            }
            built.add(name);
            Map<String, Object> settings = map(build);
            assertThat(settings).as("%s: build with context, dockerfile and target", name).containsKeys("context", "dockerfile", "target");
            Path context = ComposeProject.ROOT.resolve(String.valueOf(settings.get("context"))).normalize();
            assertThat(context).as("%s: build context", name).isDirectory();
            Path dockerfile = context.resolve(String.valueOf(settings.get("dockerfile"))).normalize();
            assertThat(dockerfile).as("%s: Dockerfile", name).isRegularFile();
            DockerfileModel model = DockerfileModel.parse(dockerfile);
            assertThat(model.stage(String.valueOf(settings.get("target")))).as("%s: target stage %s of %s", name,
                    settings.get("target"), dockerfile).isPresent();
            assertThat(String.valueOf(service.get("image"))).as("%s: the built image's name", name).startsWith("codesynth/");
        });
        assertThat(built).containsExactlyInAnyOrder("gateway-service", "results-service", "generation-worker",
                "generation-worker-gpu", "verification-worker");
        assertThat(String.valueOf(SERVICES.get("kafka").get("image"))).matches("apache/kafka:4\\.1\\.\\d+");
        assertThat(String.valueOf(SERVICES.get("postgres").get("image"))).isEqualTo("postgres:17");
    }

    @Test
    void everyVolumeIsDeclaredAndEveryMountedPathExists() {
        Set<String> declared = map(ComposeProject.compose().get("volumes")).keySet();
        List<String> used = new ArrayList<>();
        SERVICES.forEach((name, service) -> {
            for (Object volume : list(service.get("volumes"))) {
                assertThat(volume).as("%s: volumes in the short form", name).isInstanceOf(String.class);
                String text = String.valueOf(volume);
                String source;
                if (text.startsWith("${")) {
                    // ${VARIABLE:-./default}:...: the default must exist
                    int end = text.indexOf('}');
                    source = text.substring(0, end + 1).replaceAll("^\\$\\{[A-Z_]+:-(.*)}$", "$1");
                    text = "source" + text.substring(end + 1);
                } else {
                    source = text.substring(0, Math.max(0, text.indexOf(':')));
                }
                String[] parts = text.split(":");
                assertThat(parts.length).as("%s: %s has a source and a target", name, volume).isBetween(2, 3);
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path path = ComposeProject.ROOT.resolve(source).normalize();
                    assertThat(path).as("%s mounts %s", name, source).exists();
                    assertThat(parts.length == 3 && parts[2].contains("ro")).as("%s: %s is mounted read-only", name, source).isTrue();
                } else {
                    used.add(source);
                    assertThat(declared).as("%s uses volume %s", name, source).contains(source);
                }
            }
        });
        assertThat(declared).as("every declared volume is used").containsExactlyInAnyOrderElementsOf(Set.copyOf(used));
        assertThat(used).contains("kafka-data", "postgres-data");
    }

    @Test
    void theServicesShareTheKafkaSettingsAndDatabase() {
        for (String service : List.of("gateway-service", "results-service", "generation-worker", "generation-worker-gpu",
                "verification-worker")) {
            Map<String, String> env = environment(SERVICES.get(service));
            assertThat(env).as(service).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("CODESYNTH_KAFKA_PARTITIONS", "12").containsEntry("CODESYNTH_KAFKA_REPLICATION_FACTOR", "1");
            assertThat(env.get("JAVA_TOOL_OPTIONS")).as(service).matches(".*-Xmx\\d+[mg].*").contains("-XX:+ExitOnOutOfMemoryError");
        }
        for (String service : List.of("gateway-service", "results-service")) {
            Map<String, String> env = environment(SERVICES.get(service));
            assertThat(env).as(service).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/codesynth")
                    .containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
            assertThat(env.get("CODESYNTH_SECURITY_APIKEYS_0_TENANT")).isEqualTo("${CODESYNTH_API_KEY_TENANT:-demo}");
            assertThat(env.get("CODESYNTH_SECURITY_APIKEYS_0_KEYSHA256")).as("%s: the key hash is required, with no default", service)
                    .startsWith("${" + KEY_HASH_VARIABLE + ":?");
        }
        assertThat(environment(SERVICES.get("gateway-service"))).containsEntry("CODESYNTH_GATEWAY_RESULTS_URL",
                "http://results-service:" + ComposeProject.serverPort("results-service"));
        Map<String, String> kafka = environment(SERVICES.get("kafka"));
        assertThat(Integer.parseInt(kafka.get("KAFKA_MESSAGE_MAX_BYTES"))).isGreaterThanOrEqualTo(16 * 1024 * 1024);
        assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller").containsKey("CLUSTER_ID")
                .containsEntry("KAFKA_NUM_PARTITIONS", "12").containsEntry("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
        assertThat(list(SERVICES.get("kafka").get("volumes"))).contains("kafka-data:/var/lib/kafka/data");
    }

    /**
     * Each CODESYNTH_*, SPRING_* and SERVER_* variable of a service binds, by Spring Boot's rules for environment
     * variables, to a property that the service's {@code <service>.yml} declares (an entry of a list property
     * such as {@code codesynth.security.api-keys[0].tenant} counts for that list).
     */
    @Test
    void everySettingIsOneTheServiceBinds() {
        Map<String, String> services = Map.of("gateway-service", "gateway-service", "results-service", "results-service",
                "generation-worker", "generation-worker", "generation-worker-gpu", "generation-worker",
                "verification-worker", "verification-worker");
        List<String> unbound = new ArrayList<>();
        services.forEach((composeService, module) -> {
            Map<String, Object> declared = ComposeProject.flatten(ComposeProject.serviceDefaults(module));
            environment(SERVICES.get(composeService)).forEach((variable, value) -> {
                if (!variable.matches("(CODESYNTH|SPRING|SERVER)_.*")) {
                    assertThat(variable).as("%s: a variable that is no Spring property", composeService).isIn("JAVA_TOOL_OPTIONS");
                    return;
                }
                if (!binds(variable, declared)) {
                    unbound.add(composeService + ": " + variable);
                }
            });
        });
        assertThat(unbound).as("variables that bind to no property of the service's yml").isEmpty();
    }

    private static boolean binds(String variable, Map<String, Object> declared) {
        ConfigurationPropertySource source = ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x"))).iterator().next();
        for (Map.Entry<String, Object> property : declared.entrySet()) {
            if (!ConfigurationPropertyName.isValid(property.getKey())) {
                continue; // e.g. logging.level.<Logger class name>: not a setting compose passes
            }
            ConfigurationPropertyName name = ConfigurationPropertyName.of(property.getKey());
            ConfigurationProperty bound = source.getConfigurationProperty(name);
            if (bound != null) {
                return true;
            }
            if (property.getValue() instanceof List<?>) {
                // list entries: codesynth.security.api-keys[0].<field>
                String entry = variable.replaceFirst("^(.*?_\\d+)_.*$", "$1");
                String field = variable.substring(entry.length()).replaceFirst("^_", "").toLowerCase().replace('_', '-');
                if (!field.isEmpty() && source.getConfigurationProperty(ConfigurationPropertyName.of(property.getKey()
                        + "[" + entry.replaceFirst("^.*_(\\d+)$", "$1") + "]." + field)) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> dependencies(String service) {
        return map(SERVICES.get(service).get("depends_on")).keySet().stream().collect(Collectors.toSet());
    }

    @Test
    void theDefaultModelsDirectoryIsMountedReadOnlyIntoTheGenerationWorkers() {
        for (String worker : List.of("generation-worker", "generation-worker-gpu")) {
            assertThat(list(SERVICES.get(worker).get("volumes"))).as(worker).contains("${CODESYNTH_MODELS_DIR:-./models}:/models:ro");
            Map<String, String> env = environment(SERVICES.get(worker));
            assertThat(env.get("CODESYNTH_GENERATION_BUNDLED_MODEL_DIR")).startsWith("/var/lib/codesynth/");
            assertThat(env.get("CODESYNTH_GENERATION_FALLBACK_MODEL_DIR")).startsWith("/var/lib/codesynth/");
            assertThat(env).doesNotContainKey("CODESYNTH_WORKER_ID");
        }
        assertThat(Files.isDirectory(ComposeProject.ROOT.resolve("models"))).isTrue();
    }
}
