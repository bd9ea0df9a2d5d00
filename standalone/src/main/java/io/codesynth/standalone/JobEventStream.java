package io.codesynth.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.codesynth.contracts.PipelineJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A job's live events ({@code GET /v1/jobs/{id}/events}): read on a daemon thread into a queue, which the
 * demo takes from at its own pace, so a quiet stream never keeps its progress line or deadlines from
 * ticking. results-service sends {@value #PROGRESS} (the job, as {@code GET /v1/jobs/{id}} shows it) first
 * and at every change, {@value #TASK_COMPLETED} per final task, and {@value #JOB_COMPLETED} last, then ends
 * the stream. The stream's end is an event too, so the demo can tell a finished stream from a broken one.
 */
final class JobEventStream implements AutoCloseable {

    static final String PROGRESS = "progress";
    static final String TASK_COMPLETED = "task-completed";
    static final String JOB_COMPLETED = "job-completed";

    /** Opens the event stream of a job. */
    @FunctionalInterface
    interface Opener {

        /** @throws IOException when there is no stream to read (no answer, or not 200) */
        JobEventStream open(UUID jobId) throws IOException, InterruptedException;
    }

    /**
     * An event and its JSON data; or the end of the stream: {@code name} null, and {@code problem} saying
     * what broke it, null when the server ended it.
     */
    record Event(String name, JsonNode data, String problem) {

        static Event end(String problem) {
            return new Event(null, null, problem);
        }

        boolean isEnd() {
            return name == null;
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private volatile boolean closed;

    private JobEventStream(InputStream body) {
        this.body = body;
    }

    /** Starts reading {@code body}, the text of an event stream. */
    static JobEventStream reading(InputStream body, UUID jobId) {
        JobEventStream stream = new JobEventStream(body);
        Thread.ofPlatform().daemon().name("demo-events-" + jobId.toString().substring(0, 8)).start(stream::read);
        return stream;
    }

    /** The next event, waiting up to {@code wait}; empty when none came in that time. After the end event, the end again. */
    Optional<Event> next(Duration wait) throws InterruptedException {
        Event event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (event != null && event.isEnd()) {
            // stays the last word: later calls see the end again instead of waiting
            events.add(event);
        }
        return Optional.ofNullable(event);
    }

    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing a stream that already broke: nothing left to release
        }
    }

    private void read() {
        ServerSentEvents parser = new ServerSentEvents();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Optional<ServerSentEvents.Event> event = parser.line(line);
                if (event.isPresent()) {
                    JsonNode data;
                    try {
                        data = PipelineJson.mapper().readTree(event.get().data());
                    } catch (JacksonException e) {
                        events.add(Event.end("its " + event.get().name() + " event is not JSON: " + e.getOriginalMessage()));
                        return;
                    }
                    events.add(new Event(event.get().name(), data, null));
                }
            }
            events.add(Event.end(null));
        } catch (IOException | RuntimeException e) {
            events.add(Event.end(closed ? null : "reading it failed: " + e));
        }
    }
}
