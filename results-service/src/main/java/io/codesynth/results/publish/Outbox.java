package io.codesynth.results.publish;

import io.codesynth.contracts.JobCompleted;
import io.codesynth.contracts.MessageTypes;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.TaskCompleted;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes messages for the public results topic into the outbox table, in the caller's transaction,
 * so a message exists exactly when the decision it announces was committed. The unique dedup key
 * ({@code TaskCompleted:<taskKey>}, {@code JobCompleted:<jobId>}) makes "one per task / job" a
 * database constraint. {@link OutboxRelay} sends the rows; it is woken once the transaction commits.
 */
public final class Outbox {

    /** Header carrying the dedup key on every results record, so subscribers can recognise a message. */
    public static final String MESSAGE_ID_HEADER = "codesynth-message-id";

    private final NamedParameterJdbcTemplate jdbc;
    private final Runnable afterCommit;

    /** @param afterCommit run after a transaction that added rows has committed (wakes the relay) */
    public Outbox(NamedParameterJdbcTemplate jdbc, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.afterCommit = afterCommit;
    }

    public static String dedupKey(TaskCompleted message) {
        return MessageTypes.typeName(message) + ":" + message.taskKey();
    }

    public static String dedupKey(JobCompleted message) {
        return MessageTypes.typeName(message) + ":" + message.jobId();
    }

    /** Adds the task's result; false if the task's result was added before (nothing changes then). */
    public boolean add(TaskCompleted message, Instant now) {
        return add(dedupKey(message), message, now);
    }

    /** Adds the job's result; false if the job's result was added before. */
    public boolean add(JobCompleted message, Instant now) {
        return add(dedupKey(message), message, now);
    }

    private boolean add(String dedupKey, PipelineMessage message, Instant now) {
        int inserted = jdbc.update("""
                INSERT INTO results.outbox (dedup_key, topic, message_key, message_type, payload, created_at)
                VALUES (:dedupKey, :topic, :key, :type, :payload, :now)
                ON CONFLICT (dedup_key) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("dedupKey", dedupKey)
                        .addValue("topic", MessageTypes.topicOf(message.getClass()))
                        .addValue("key", message.messageKey())
                        .addValue("type", MessageTypes.typeName(message))
                        .addValue("payload", PipelineJson.toJson(message))
                        .addValue("now", Timestamp.from(now)));
        if (inserted == 1 && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Outbox.this.afterCommit.run();
                }
            });
        }
        return inserted == 1;
    }
}
