package io.codesynth.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.PipelineJson;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DefaultErrorHandler;
import tools.jackson.core.JacksonException;

class DeadLettersTest {

    @Test
    void reasonOfAnInvalidMessageIsItsOwnEvenWhenWrapped() {
        var invalid = new InvalidMessageException("tasks must not be empty", "job-1");
        assertThat(DeadLetters.reason(new RuntimeException("listener failed", invalid)))
                .isEqualTo("tasks must not be empty");
        assertThat(DeadLetters.find(new RuntimeException(invalid), InvalidMessageException.class).key())
                .isEqualTo("job-1");
    }

    @Test
    void reasonOfAnyOtherFailureNamesTheInnermostException() {
        var failure = new IllegalStateException("retries exhausted", new SQLException("connection refused"));
        assertThat(DeadLetters.reason(failure)).isEqualTo("java.sql.SQLException: connection refused");
        assertThat(DeadLetters.find(failure, InvalidMessageException.class)).isNull();
    }

    @Test
    void whereNamesTopicPartitionAndOffset() {
        var record = new ConsumerRecord<>("codesynth.jobs.v1", 2, 41L, "k", "v".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetters.where(record)).isEqualTo("codesynth.jobs.v1-2@41");
    }

    @Test
    void invalidMessagesAreNotRetried() {
        DefaultErrorHandler handler = PipelineErrorHandler.create((record, exception) -> { });
        // false: classified as not retryable
        assertThat(handler.removeClassification(InvalidMessageException.class)).isFalse();
    }

    @Test
    void decodeErrorsNameTheFieldAndTheRule() {
        byte[] json = "{\"candidates\": \"oops\"}".getBytes(StandardCharsets.UTF_8);
        try {
            PipelineJson.fromBytes(json, CandidateBatch.class);
        } catch (JacksonException e) {
            assertThat(DecodeErrors.explain(e)).startsWith("candidates: ").doesNotContain("\n");
            return;
        }
        throw new AssertionError("expected a decode failure");
    }
}
