package io.codesynth.results.intake;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The idempotent-consumer table: a message's effect and its row here commit in one transaction, so
 * a redelivered message finds its row and changes nothing.
 */
final class ProcessedMessages {

    private ProcessedMessages() {
    }

    /** Marks a message as processed; false if it already was (nothing else should then be written). */
    static boolean mark(NamedParameterJdbcTemplate jdbc, String consumer, String messageId, Instant now) {
        int inserted = jdbc.update("""
                INSERT INTO results.processed_messages (consumer, message_id, processed_at)
                VALUES (:consumer, :messageId, :now)
                ON CONFLICT DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("consumer", consumer)
                        .addValue("messageId", messageId)
                        .addValue("now", Timestamp.from(now)));
        return inserted == 1;
    }
}
