package io.codesynth.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment files through the tools that know their formats, offline: {@code docker-compose config -q}
 * (Debian {@code docker-compose}) and {@code promtool check config} (Debian {@code prometheus}). A missing tool
 * fails these tests unless CODESYNTH_ALLOW_MISSING_TOOLS=1 (then they are skipped, saying so).
 */
class ComposeToolsTest {

    /** SHA-256 of "compose-test-key", standing in for the hash of a real key. */
    private static final String KEY_HASH = "08ba96ad8046e6701f51dc506a13b274cabbcbf99aaefecba50a95d9fb8f43f7";

    private static Map<String, String> composeEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("CODESYNTH_API_KEY_SHA256", KEY_HASH);
        // nothing from the caller's shell may change what is checked
        for (String variable : new String[] {"COMPOSE_FILE", "COMPOSE_PROFILES", "COMPOSE_PROJECT_NAME",
                "CODESYNTH_API_KEY_TENANT", "CODESYNTH_MODELS_DIR", "CODESYNTH_PUBLISH_ADDRESS", "CODESYNTH_IMAGE_TAG"}) {
            environment.put(variable, null);
        }
        return environment;
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        Path compose = ComposeTools.require("docker-compose", "docker-compose");
        ComposeTools.Result result = ComposeTools.run(ComposeTools.command(compose, "-f", "docker-compose.yml", "config", "-q"),
                composeEnvironment());
        assertThat(result.exitCode()).as("docker-compose config -q:\n%s", result.output()).isZero();
    }

    @Test
    void dockerComposeAcceptsTheFileWithTheGpuProfile() {
        Path compose = ComposeTools.require("docker-compose", "docker-compose");
        ComposeTools.Result result = ComposeTools.run(
                ComposeTools.command(compose, "-f", "docker-compose.yml", "--profile", "gpu", "config", "--services"),
                composeEnvironment());
        assertThat(result.exitCode()).as("docker-compose --profile gpu config:\n%s", result.output()).isZero();
        assertThat(result.output().lines()).contains("generation-worker-gpu", "generation-worker", "verification-worker");
        // (docker-compose 1.29 lists the services of every profile here; Compose v2 only those of active profiles)
    }

    @Test
    void dockerComposeRefusesToRunWithoutTheApiKeyHash() {
        Path compose = ComposeTools.require("docker-compose", "docker-compose");
        Map<String, String> environment = composeEnvironment();
        environment.put("CODESYNTH_API_KEY_SHA256", null);
        ComposeTools.Result result = ComposeTools.run(ComposeTools.command(compose, "-f", "docker-compose.yml", "config", "-q"),
                environment);
        assertThat(result.exitCode()).as("without CODESYNTH_API_KEY_SHA256:\n%s", result.output()).isNotZero();
        assertThat(result.output()).contains("sha256sum");
    }

    @Test
    void promtoolAcceptsThePrometheusConfig() {
        Path promtool = ComposeTools.require("promtool", "prometheus");
        ComposeTools.Result result = ComposeTools.run(
                ComposeTools.command(promtool, "check", "config", ComposeProject.ROOT.relativize(ComposeProject.PROMETHEUS_CONFIG).toString()),
                Map.of());
        assertThat(result.exitCode()).as("promtool check config:\n%s", result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }
}
