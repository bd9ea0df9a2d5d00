package io.codesynth.results;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of ranking, deadlines, the results outbox and the event stream ({@code codesynth.results.*}).
 *
 * @param taskDeadline  a task that is not final and of whose job nothing arrived for this long is failed
 *                      ("timed out waiting for ..."); the first check runs this long after start-up, so a
 *                      backlog on the topics is read before anything counts as stuck
 * @param sweepInterval how often the deadline is checked
 * @param topCandidates ranked candidates carried by each {@code TaskCompleted} on the results topic
 */
@Validated
@ConfigurationProperties("codesynth.results")
public record ResultsSettings(
        @DefaultValue("30m") @NotNull Duration taskDeadline,
        @DefaultValue("30s") @NotNull Duration sweepInterval,
        @DefaultValue("5") @Min(1) @Max(1000) int topCandidates,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue @Valid Events events) {

    public ResultsSettings {
        positive(taskDeadline, "codesynth.results.task-deadline");
        positive(sweepInterval, "codesynth.results.sweep-interval");
    }

    /**
     * @param pollInterval how often the relay looks for unsent messages (it is also woken after each commit)
     * @param batchSize    messages sent in one Kafka transaction
     * @param sendTimeout  how long one Kafka transaction of the relay may take before it is aborted and retried
     */
    public record Outbox(
            @DefaultValue("1s") @NotNull Duration pollInterval,
            @DefaultValue("100") @Min(1) @Max(10_000) int batchSize,
            @DefaultValue("30s") @NotNull Duration sendTimeout) {

        public Outbox {
            positive(pollInterval, "codesynth.results.outbox.poll-interval");
            positive(sendTimeout, "codesynth.results.outbox.send-timeout");
        }
    }

    /**
     * @param pollInterval how often open event streams look for changes (changes made by this instance are
     *                     pushed at once; the poll catches those of other instances and of the clock)
     * @param timeout      longest life of one event stream; a client reconnects and gets the current state
     * @param keepAlive    a comment line is sent after this much silence, so proxies keep the stream open
     */
    public record Events(
            @DefaultValue("1s") @NotNull Duration pollInterval,
            @DefaultValue("1h") @NotNull Duration timeout,
            @DefaultValue("15s") @NotNull Duration keepAlive) {

        public Events {
            positive(pollInterval, "codesynth.results.events.poll-interval");
            positive(timeout, "codesynth.results.events.timeout");
            positive(keepAlive, "codesynth.results.events.keep-alive");
        }
    }

    private static void positive(Duration value, String property) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(property + " must be a positive duration (e.g. 30s, 5m), was " + value);
        }
    }
}
