package io.codesynth.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.codesynth.contracts.PipelineJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Waits, over HTTP as an operator's probe would, until every started service with a readiness path reports
 * ready there: the generation worker loads its model after its context started, and a job submitted
 * before then would only wait in Kafka. A progress line appears only when the wait is long enough to notice;
 * each service's ready line (with its model, when it reports one) appears in any case.
 */
final class ServiceReadiness {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** Waits shorter than this show no progress line, only the service's ready line. */
    static final Duration QUIET_PERIOD = Duration.ofMillis(1500);

    /**
     * One service that became ready.
     *
     * @param health its readiness response (Spring Boot's health JSON), missing when it had no body
     */
    record Ready(String service, Duration waited, JsonNode health) {

        /** One line: the service is ready, with its model when it reports one ({@code components.model.details}). */
        String describe() {
            JsonNode model = health.path("components").path("model").path("details");
            if (!model.path("name").isString()) {
                return service + " is ready";
            }
            StringBuilder line = new StringBuilder(service).append(" is ready: model ").append(model.path("name").asString());
            if (model.path("parameters").canConvertToLong()) {
                line.append(String.format(Locale.ROOT, ", %,d parameters", model.path("parameters").asLong()));
            }
            if (model.path("device").isString()) {
                line.append(" on ").append(model.path("device").asString());
            }
            if (model.path("dtype").isString()) {
                line.append(" as ").append(model.path("dtype").asString());
            }
            if (model.path("randomWeights").asBoolean(false)) {
                line.append(" (random weights)");
            }
            return line.toString();
        }
    }

    /** The wait's result: every service ready, or why not. */
    record Outcome(List<Ready> ready, String failure) {

        boolean succeeded() {
            return failure == null;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrintStream out;
    private final ProgressLine progress;
    private final Duration timeout;

    /** @param progress the progress line on {@code out} */
    ServiceReadiness(PrintStream out, ProgressLine progress, Duration timeout) {
        this.out = out;
        this.progress = progress;
        this.timeout = timeout;
    }

    /**
     * One service to wait for.
     *
     * @param url  its readiness URL
     * @param gone why it will never become ready (its process exited), or null while it still may
     */
    record Target(String service, String url, Supplier<String> gone) {
    }

    /** Waits for each service of {@code services} that has a readiness path, one after the other. */
    Outcome await(ServiceContexts services) {
        return await(services.started().stream()
                .filter(service -> service.readinessPath() != null)
                .map(service -> new Target(service.name(), services.url(service.name()) + service.readinessPath(),
                        () -> null))
                .toList());
    }

    /** Waits for each target, one after the other. */
    Outcome await(List<Target> targets) {
        List<Ready> ready = new ArrayList<>();
        try {
            for (Target target : targets) {
                String failure = awaitOne(target, ready);
                if (failure != null) {
                    return new Outcome(ready, failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(ready, "interrupted");
        }
        return new Outcome(ready, null);
    }

    /** Null once ready (and added to {@code ready}), else why it will not become ready. */
    private String awaitOne(Target target, List<Ready> ready) throws InterruptedException {
        String service = target.service();
        String url = target.url();
        long start = System.nanoTime();
        String status = "waiting for " + service + " to become ready";
        boolean shown = false;
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            JsonNode health = MissingNode.getInstance();
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                health = json(response.body());
                if (response.statusCode() == 200) {
                    Ready done = new Ready(service, elapsed, health);
                    if (shown) {
                        progress.finish(done.describe(), elapsed);
                    } else {
                        out.println(done.describe());
                    }
                    ready.add(done);
                    return null;
                }
                String error = componentError(health);
                if (error != null) {
                    if (shown) {
                        progress.finish(status, elapsed);
                    }
                    return service + " will not become ready: " + error;
                }
                status = "waiting for " + service + " to become ready" + componentStates(health);
            } catch (IOException e) {
                status = "waiting for " + service + " to answer at " + url;
                String gone = target.gone().get();
                if (gone != null) {
                    if (shown) {
                        progress.finish(status, elapsed);
                    }
                    return service + " will not become ready: " + gone;
                }
            }
            if (elapsed.compareTo(timeout) > 0) {
                if (shown) {
                    progress.finish(status, elapsed);
                }
                return service + " was not ready within " + timeout.toMinutes() + " min (" + url + ")";
            }
            if (elapsed.compareTo(QUIET_PERIOD) >= 0) {
                progress.update(status, elapsed);
                shown = true;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** The first {@code error} detail of a health component (a model that failed to load), or null. */
    static String componentError(JsonNode health) {
        for (Map.Entry<String, JsonNode> component : health.path("components").properties()) {
            JsonNode error = component.getValue().path("details").path("error");
            if (error.isString() && !error.asString().isBlank()) {
                return component.getKey() + ": " + error.asString();
            }
        }
        return null;
    }

    /** " (model: loading)" from the components' {@code state} details, or nothing. */
    private static String componentStates(JsonNode health) {
        List<String> states = new ArrayList<>();
        for (Map.Entry<String, JsonNode> component : health.path("components").properties()) {
            JsonNode state = component.getValue().path("details").path("state");
            if (state.isString()) {
                states.add(component.getKey() + ": " + state.asString());
            }
        }
        return states.isEmpty() ? "" : " (" + String.join(", ", states) + ")";
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return PipelineJson.mapper().readTree(body);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }
}
