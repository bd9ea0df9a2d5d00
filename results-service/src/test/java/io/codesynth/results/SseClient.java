package io.codesynth.results;

import io.codesynth.contracts.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Reads a Server-Sent Events stream as a browser would, event by event. */
final class SseClient implements AutoCloseable {

    /** One event; {@code name} is null for the end of the stream. */
    record Event(String name, JsonNode data) {
    }

    private static final Event END = new Event(null, null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int status;
    private final String contentType;

    SseClient(int port, String path, String apiKey) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        Thread.ofVirtual().name("sse-client").start(() -> read(response.body()));
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    private void read(Stream<String> lines) {
        String[] name = {null};
        List<String> data = new ArrayList<>();
        try (lines) {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name[0] == null ? "message" : name[0],
                                PipelineJson.mapper().readTree(String.join("\n", data))));
                    }
                    name[0] = null;
                    data.clear();
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring("data:".length());
                    data.add(value.startsWith(" ") ? value.substring(1) : value);
                }
            });
        } catch (RuntimeException e) {
            // the stream broke off; the test sees the end
        } finally {
            events.add(END);
        }
    }

    /** The next event, or null when the stream ended; fails after {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return event == END ? null : event;
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
