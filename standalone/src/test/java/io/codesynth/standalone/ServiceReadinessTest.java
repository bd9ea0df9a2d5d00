package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.codesynth.contracts.PipelineJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Reading the generation worker's readiness answers (Spring Boot health JSON with its model component). */
class ServiceReadinessTest {

    private static JsonNode health(String json) {
        return PipelineJson.mapper().readTree(json);
    }

    @Test
    void theReadyLineNamesTheModelTheServiceReports() {
        JsonNode loaded = health("""
                {"status": "UP", "components": {"readinessState": {"status": "UP"}, "model": {"status": "UP",
                 "details": {"state": "ready", "name": "DiffuCoder-7B-Instruct", "device": "gpu", "dtype": "float16",
                             "parameters": 7615616512, "randomWeights": false}}}}""");
        JsonNode random = health("""
                {"status": "UP", "components": {"model": {"status": "UP", "details": {"state": "ready",
                 "name": "tiny-random", "device": "cpu", "dtype": "float32", "parameters": 39200, "randomWeights": true}}}}""");

        assertThat(new ServiceReadiness.Ready("generation-worker", Duration.ZERO, loaded).describe())
                .isEqualTo("generation-worker is ready: model DiffuCoder-7B-Instruct, 7,615,616,512 parameters on gpu as float16");
        assertThat(new ServiceReadiness.Ready("generation-worker", Duration.ZERO, random).describe())
                .isEqualTo("generation-worker is ready: model tiny-random, 39,200 parameters on cpu as float32 (random weights)");
        assertThat(new ServiceReadiness.Ready("other", Duration.ZERO, health("{\"status\": \"UP\"}")).describe())
                .isEqualTo("other is ready");
    }

    @Test
    void aComponentThatFailedIsNamedWithItsError() {
        JsonNode failed = health("""
                {"status": "DOWN", "components": {"readinessState": {"status": "UP"}, "model": {"status": "DOWN",
                 "details": {"state": "failed", "directory": "/m", "error": "IllegalArgumentException: /m/config.json has no hidden_size"}}}}""");
        JsonNode loading = health("""
                {"status": "DOWN", "components": {"model": {"status": "DOWN", "details": {"state": "loading"}}}}""");

        assertThat(ServiceReadiness.componentError(failed))
                .isEqualTo("model: IllegalArgumentException: /m/config.json has no hidden_size");
        assertThat(ServiceReadiness.componentError(loading)).isNull();
    }
}
