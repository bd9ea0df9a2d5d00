package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessPlanTest {

    @TempDir
    Path home;

    private ServiceJars jars;

    @BeforeEach
    void fakeBuild() throws IOException {
        for (String module : List.of("standalone", "gateway-service", "results-service", "generation-worker",
                "verification-worker")) {
            Path target = Files.createDirectories(home.resolve(module).resolve("target"));
            Files.writeString(target.resolve(module + "-0.1.0-SNAPSHOT-exec.jar"), "");
            Files.writeString(target.resolve(module + "-0.1.0-SNAPSHOT.jar"), "");
        }
        jars = new ServiceJars(home);
    }

    private ProcessPlan plan(String... args) {
        StandaloneOptions options = StandaloneOptions.parse(List.of(args), Map.of());
        return ProcessPlan.of(options, RunSettings.of(options), jars, "jdbc:postgresql://localhost:5432/codesynth", "ab12");
    }

    @Test
    void startsKafkaThenTheBackendsThenTheGateway() {
        ProcessPlan plan = plan("--processes", "--generation-workers", "2", "--verification-workers", "3");

        assertThat(plan.all()).extracting(ServiceProcess::name).containsExactly("kafka", "results-service",
                "verification-worker-1", "verification-worker-2", "verification-worker-3",
                "generation-worker-1", "generation-worker-2", "gateway-service");
        assertThat(plan.all()).extracting(ServiceProcess::port)
                .containsExactly(9092, 8081, 8083, 8183, 8283, 8082, 8182, 8080);
        assertThat(plan.kafka().command()).contains("kafka-broker", "--port", "9092", "--controller-port", "9093");
    }

    @Test
    void eachServiceRunsItsOwnExecJarWithAnExplicitHeapAndTheRunsMarks() {
        ProcessPlan plan = plan("--processes", "--data-dir", home.resolve("data").toString());
        ServiceProcess worker = plan.backends().getLast();

        assertThat(worker.command()).contains("-Xmx512m", "-jar",
                home.resolve("generation-worker/target/generation-worker-0.1.0-SNAPSHOT-exec.jar").toString(),
                "-Dcodesynth.process=generation-worker-1", "-Dcodesynth.data-dir=" + home.resolve("data"));
        assertThat(plan.gateway().command()).contains("-Xmx256m");
        assertThat(worker.log()).isEqualTo(home.resolve("data/logs/generation-worker-1.log"));
        assertThat(worker.readinessPath()).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void settingsReachTheServicesAsEnvironmentVariablesOnly() {
        ProcessPlan plan = plan("--processes", "--generation-workers", "2", "--unsandboxed", "--kafka-port", "19092");
        Map<String, String> gateway = plan.gateway().environment();
        Map<String, String> worker = plan.backends().getLast().environment();

        assertThat(gateway).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
                .containsEntry("SERVER_PORT", "8080")
                .containsEntry("CODESYNTH_GATEWAY_RESULTS_URL", "http://localhost:8081")
                .containsEntry("CODESYNTH_SECURITY_APIKEYS_0_KEYSHA256", "ab12")
                .containsEntry("CODESYNTH_KAFKA_PARTITIONS", "12");
        assertThat(worker).doesNotContainKeys("SPRING_DATASOURCE_URL", "CODESYNTH_SECURITY_APIKEYS_0_KEYSHA256")
                .containsEntry("SERVER_PORT", "8182")
                .containsEntry("CODESYNTH_GENERATION_MODEL_DIR", "");
        assertThat(worker.get("CODESYNTH_GENERATION_BUNDLED_MODEL_DIR")).as("a model directory of its own")
                .endsWith("generation-worker-2/models/demo");
        assertThat(plan.backends().get(1).environment()).containsEntry("CODESYNTH_VERIFICATION_SANDBOX_MODE", "unsandboxed");
        assertThat(plan.all()).allSatisfy(process -> assertThat(process.command())
                .noneMatch(argument -> argument.startsWith("--spring") || argument.startsWith("--codesynth")));
    }

    /** One list of variables: every one the processes get is in the README's configuration table. */
    @Test
    void everyVariableIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher documented = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(readme);
        Set<String> names = documented.results().map(match -> match.group(1)).collect(Collectors.toSet());

        assertThat(plan("--processes").all()).flatExtracting(process -> process.environment().keySet())
                .allSatisfy(variable -> assertThat(names).as("README documents %s", variable).contains(variable));
    }

    @Test
    void aMissingBuildIsOneMessage() throws IOException {
        Files.delete(home.resolve("verification-worker/target/verification-worker-0.1.0-SNAPSHOT-exec.jar"));

        assertThatThrownBy(() -> jars.requireAll(List.of("results-service", "verification-worker")))
                .hasMessageStartingWith("no executable jar of verification-worker under " + home.resolve("verification-worker/target"));
    }
}
