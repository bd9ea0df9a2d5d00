package io.codesynth.results;

import io.codesynth.contracts.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls to the running service, as a client (or the gateway) makes them. */
public final class ApiClient {

    /** A response with its body as text and, when it is JSON, parsed (else null). */
    public record Response(int status, HttpHeaders headers, JsonNode body, String text) {

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    /** GET of a non-JSON body (samples, pages); the same as {@link #get}, named for the reader. */
    public Response getText(String path, String apiKey) {
        return get(path, apiKey);
    }

    /** GET {@code path} with {@code Authorization: Bearer apiKey}, or without the header when apiKey is null. */
    public Response get(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean json = type.contains("json") && !type.contains("jsonl");
            return new Response(response.statusCode(), response.headers(),
                    body.length == 0 || !json ? null : PipelineJson.mapper().readTree(body),
                    new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }
}
