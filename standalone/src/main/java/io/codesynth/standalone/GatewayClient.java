package io.codesynth.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.codesynth.contracts.PipelineJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** The few gateway calls the demo makes, as a client would make them: HTTP with an API key. */
final class GatewayClient {

    static final String NDJSON = "application/x-ndjson";
    static final String DEMO_JOB_NAME = "codesynth-demo";

    // HTTP/1.1: an event stream must not wait on an HTTP/2 upgrade the server does not offer
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final String apiKey;

    GatewayClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** A response: its status, the JSON body (missing if there was none or it was not JSON) and the Location header. */
    record Response(int status, JsonNode body, Optional<String> location) {

        boolean is(int expected) {
            return status == expected;
        }

        /** {@code detail} of a problem+json error, else the status alone, for messages. */
        String describe() {
            String detail = body.path("detail").asString("");
            return "HTTP " + status + (detail.isBlank() ? "" : ": " + detail);
        }
    }

    /**
     * {@code POST /v1/jobs} with HumanEval- or MBPP-format lines, named {@value #DEMO_JOB_NAME}, with the demo's
     * samples per task and decoding length as query parameters.
     */
    Response submitNdjson(byte[] ndjson, DemoSettings settings) throws IOException, InterruptedException {
        HttpRequest request = authorized("/v1/jobs?name=" + DEMO_JOB_NAME + "&" + settings.query())
                .header("Content-Type", NDJSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
                .build();
        return send(request);
    }

    /** {@code GET /v1/jobs/{id}}. */
    Response job(UUID jobId) throws IOException, InterruptedException {
        return send(authorized("/v1/jobs/" + jobId).GET().build());
    }

    /** {@code GET /v1/jobs/{id}/tasks}: every task with its rank-1 candidate once ranked. */
    Response tasks(UUID jobId) throws IOException, InterruptedException {
        return send(authorized("/v1/jobs/" + jobId + "/tasks?candidates=top").GET().build());
    }

    /**
     * {@code GET /v1/jobs/{id}/events}, read as it arrives.
     *
     * @throws IOException when the gateway does not answer, or answers with anything but a stream
     */
    JobEventStream events(UUID jobId) throws IOException, InterruptedException {
        // the timeout covers the wait for the response's headers; the stream itself lasts as long as the job
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/jobs/" + jobId + "/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw new IOException("GET /v1/jobs/" + jobId + "/events answered HTTP " + response.statusCode());
            }
        }
        return JobEventStream.reading(response.body(), jobId);
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), json(response.body()), response.headers().firstValue("Location"));
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return PipelineJson.mapper().readTree(body);
        } catch (JacksonException e) {
            // not JSON (a proxy's HTML error page, say): the status alone describes the response
            return MissingNode.getInstance();
        }
    }
}
