package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.codesynth.contracts.JobState;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.auth.ApiKeys;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import tools.jackson.databind.JsonNode;

/**
 * All four services as the standalone runs them (the same context-building code, free ports) on the test's
 * in-process broker and a real PostgreSQL, with a tiny random checkpoint the test writes: the generation worker
 * decodes with it, the verification worker runs every candidate in its bubblewrap sandbox. Clients reach the
 * pipeline as users do, through the gateway with an API key.
 */
final class PipelineUnderTest implements AutoCloseable {

    /** The test checkpoint's context: the bundled problems fit it, a prompt of a few thousand characters does not. */
    static final int CONTEXT = 1024;
    static final String MODEL_NAME = "tiny-checkpoint";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String apiKey = ApiKeys.generateKey();
    private final LocalPostgres postgres;
    private final String bootstrapServers;
    private ServiceContexts services;

    private PipelineUnderTest(LocalPostgres postgres, String bootstrapServers) {
        this.postgres = postgres;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts PostgreSQL and the services and waits until the workers report ready. */
    static PipelineUnderTest start(String bootstrapServers, Path dataDir, Duration patience) throws IOException {
        PipelineUnderTest pipeline = new PipelineUnderTest(LocalPostgres.start(dataDir.resolve("postgres"), 0), bootstrapServers);
        try {
            Path modelDir = RandomDreamCheckpoint.write(dataDir.resolve(MODEL_NAME),
                    RandomDreamCheckpoint.Dimensions.tiny().withMaxPositions(CONTEXT), 7);
            ServiceEnvironment environment = new ServiceEnvironment(bootstrapServers, pipeline.postgres.jdbcUrl(),
                    LocalPostgres.USER, "", StandaloneRuntime.DEMO_TENANT, ApiKeys.sha256Hex(pipeline.apiKey));
            Map<PortSetting, Integer> freePorts = Map.of(PortSetting.GATEWAY, 0, PortSetting.RESULTS, 0,
                    PortSetting.GENERATION, 0, PortSetting.VERIFICATION, 0);
            pipeline.services = ServiceContexts.start(
                    PipelineServices.all(new RunSettings(dataDir, Optional.of(modelDir), false)), environment, freePorts);

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            ServiceReadiness.Outcome readiness = new ServiceReadiness(out, new ProgressLine(out, false), patience)
                    .await(pipeline.services);
            assertThat(readiness.succeeded()).as(readiness.failure()).isTrue();
            assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                    .as("each worker's ready line; the generation worker's names the model it loaded")
                    .contains("verification-worker is ready")
                    .anySatisfy(line -> assertThat(line).startsWith("generation-worker is ready: model " + MODEL_NAME + ", ")
                            .endsWith(" parameters on cpu as float32 (random weights)"));
            return pipeline;
        } catch (RuntimeException | AssertionError e) {
            pipeline.close();
            throw e;
        }
    }

    ServiceContexts services() {
        return services;
    }

    String gateway() {
        return services.url(PipelineServices.GATEWAY_SERVICE);
    }

    String apiKey() {
        return apiKey;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** A connection to the shared database, where results-service keeps its tables in schema {@code results}. */
    Connection database() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, "");
    }

    /** {@code POST /v1/jobs?query} with NDJSON problems. */
    HttpResponse<String> submit(byte[] ndjson, String query) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/v1/jobs?" + query))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", GatewayClient.NDJSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Submits, expects 202, returns the job id. */
    UUID submitted(byte[] ndjson, String query) throws IOException, InterruptedException {
        HttpResponse<String> response = submit(ndjson, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(json(response.body()).path("jobId").asString());
    }

    /** A GET through the gateway with the key. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + path))
                .header("Authorization", "Bearer " + apiKey)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON of a GET that must answer 200. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** Waits until the job is in a final state; returns it as {@code GET /v1/jobs/{id}} shows it. */
    JsonNode awaitFinal(UUID jobId, Duration patience) {
        return await().atMost(patience).pollInterval(Duration.ofMillis(250))
                .until(() -> get("/v1/jobs/" + jobId), response -> response.statusCode() == 200
                        && JobState.valueOf(json(response.body()).path("state").asString()).isFinal())
                .body().transform(PipelineUnderTest::json);
    }

    static JsonNode json(String body) {
        return PipelineJson.mapper().readTree(body);
    }

    @Override
    public void close() throws IOException {
        try {
            if (services != null) {
                services.close();
            }
        } finally {
            postgres.close();
        }
    }
}
