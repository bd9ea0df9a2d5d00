package io.codesynth.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for results-service: a real HTTP server on a random port that records what it was asked
 * and answers by path. {@code /v1/jobs/missing} is a 404 problem; {@code .../events} streams one event,
 * then waits for {@link #releaseSecondEvent()} before the second, so a test can tell streaming from buffering.
 */
public final class FakeResultsService {

    /** What a request looked like when it arrived. */
    public record Seen(String path, String query, String authorization, String accept) {
    }

    private static HttpServer server;
    private static final AtomicReference<Seen> LAST = new AtomicReference<>();
    private static volatile CountDownLatch secondEvent = new CountDownLatch(1);

    private FakeResultsService() {
    }

    public static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", FakeResultsService::handle);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "fake-results");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static Seen lastRequest() {
        return LAST.get();
    }

    public static void reset() {
        LAST.set(null);
        secondEvent = new CountDownLatch(1);
    }

    public static void releaseSecondEvent() {
        secondEvent.countDown();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        LAST.set(new Seen(path, query, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Accept")));
        try (exchange) {
            if (path.equals("/v1/jobs/missing")) {
                respond(exchange, 404, "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}");
            } else if (path.endsWith("/events")) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    secondEvent.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 200, "application/json",
                        "{\"path\":\"" + path + "\",\"query\":\"" + (query == null ? "" : query) + "\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
