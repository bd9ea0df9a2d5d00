package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The event-stream format as results-service (through the gateway) writes it, and the demo's reading of it. */
class ServerSentEventsTest {

    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static List<ServerSentEvents.Event> parse(String text) {
        ServerSentEvents parser = new ServerSentEvents();
        List<ServerSentEvents.Event> events = new ArrayList<>();
        text.lines().forEach(line -> parser.line(line).ifPresent(events::add));
        parser.line("").ifPresent(events::add);
        return events;
    }

    @Test
    void eventsAreNamedCarryTheirDataAndEndAtABlankLine() {
        List<ServerSentEvents.Event> events = parse("""
                id:1
                event:progress
                data:{"state":"QUEUED"}

                : keep-alive

                event: task-completed
                data: first line
                data: second line

                data:unnamed
                """);

        assertThat(events).containsExactly(
                new ServerSentEvents.Event("progress", "{\"state\":\"QUEUED\"}"),
                new ServerSentEvents.Event("task-completed", "first line\nsecond line"),
                new ServerSentEvents.Event("message", "unnamed"));
    }

    @Test
    void anEventWithoutDataIsNoEvent() {
        assertThat(parse("event: progress\n\ndata: x\n")).containsExactly(new ServerSentEvents.Event("message", "x"));
    }

    @Test
    void theStreamYieldsEachEventsJsonThenItsEnd() throws InterruptedException {
        String text = "event:progress\ndata:{\"state\":\"GENERATING\"}\n\nevent:job-completed\ndata:{\"state\":\"COMPLETED\"}\n\n";
        try (JobEventStream stream = JobEventStream.reading(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), JOB)) {
            JobEventStream.Event progress = stream.next(Duration.ofSeconds(5)).orElseThrow();
            assertThat(progress.name()).isEqualTo(JobEventStream.PROGRESS);
            assertThat(progress.data().path("state").asString()).isEqualTo("GENERATING");
            assertThat(stream.next(Duration.ofSeconds(5)).orElseThrow().name()).isEqualTo(JobEventStream.JOB_COMPLETED);
            JobEventStream.Event end = stream.next(Duration.ofSeconds(5)).orElseThrow();
            assertThat(end.isEnd()).isTrue();
            assertThat(end.problem()).as("the server ended it").isNull();
            assertThat(stream.next(Duration.ofMillis(10))).as("the end stays the last word").contains(end);
        }
    }

    @Test
    void dataThatIsNotJsonBreaksTheStream() throws InterruptedException {
        try (JobEventStream stream = JobEventStream.reading(
                new ByteArrayInputStream("event:progress\ndata:<html>\n\n".getBytes(StandardCharsets.UTF_8)), JOB)) {
            Optional<JobEventStream.Event> event = stream.next(Duration.ofSeconds(5));

            assertThat(event).hasValueSatisfying(end -> {
                assertThat(end.isEnd()).isTrue();
                assertThat(end.problem()).startsWith("its progress event is not JSON");
            });
        }
    }
}
