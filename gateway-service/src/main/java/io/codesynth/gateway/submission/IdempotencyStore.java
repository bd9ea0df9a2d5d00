package io.codesynth.gateway.submission;

import io.codesynth.gateway.GatewayProperties;
import io.codesynth.gateway.problem.ApiException;
import io.codesynth.gateway.problem.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remembers which job an {@code Idempotency-Key} created, per tenant, in {@code gateway.idempotency_keys}.
 *
 * <p>Race-safe by holding the key's row lock across the publish: the row is inserted in a database
 * transaction, the job's Kafka transaction commits, and only then the database transaction. A second
 * request with the same key blocks on the insert until the first finishes; if the first failed to
 * publish, its row is rolled back and the second takes over the key.
 */
@Component
class IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);

    /** What became of a request with a key. */
    sealed interface Outcome {
        UUID jobId();
    }

    /** The key was new: the job was published under it. */
    record Published(UUID jobId) implements Outcome {
    }

    /** The key was used before with the same request: its job, nothing published again. */
    record Replayed(UUID jobId) implements Outcome {
    }

    private record Existing(String fingerprint, UUID jobId) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Duration retryAfter;

    IdempotencyStore(DataSource dataSource, GatewayProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        // a transaction manager of our own: the context may hold others (e.g. Kafka's) and this store
        // must always run on the database
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.retryAfter = properties.retryAfter();
    }

    /**
     * Runs {@code publish} for {@code jobId} if the key is new, otherwise answers the key's earlier job.
     *
     * @throws ApiException 409 when the key was used with a different request, 503 when the store is down
     */
    Outcome claim(String tenant, String key, String fingerprint, UUID jobId, Runnable publish) {
        boolean[] published = {false};
        try {
            return transactions.execute(status -> {
                int inserted = jdbc.sql("""
                                INSERT INTO gateway.idempotency_keys (tenant, idem_key, request_sha256, job_id)
                                VALUES (?, ?, ?, ?)
                                ON CONFLICT (tenant, idem_key) DO NOTHING""")
                        .params(tenant, key, fingerprint, jobId)
                        .update();
                if (inserted == 1) {
                    publish.run();
                    published[0] = true;
                    return new Published(jobId);
                }
                List<Existing> existing = jdbc.sql("""
                                SELECT request_sha256, job_id FROM gateway.idempotency_keys
                                WHERE tenant = ? AND idem_key = ?""")
                        .params(tenant, key)
                        .query((rs, row) -> new Existing(rs.getString(1), rs.getObject(2, UUID.class)))
                        .list();
                if (existing.isEmpty()) {
                    // cannot happen: the insert conflicted with a committed row, and rows are never deleted
                    throw new IllegalStateException("idempotency key vanished during its own lookup");
                }
                if (!existing.getFirst().fingerprint().equals(fingerprint)) {
                    throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED, "The Idempotency-Key was already used "
                            + "for a different request (job " + existing.getFirst().jobId() + "). Use a new key "
                            + "for a new job, or repeat the original request exactly.");
                }
                return new Replayed(existing.getFirst().jobId());
            });
        } catch (DataAccessException | TransactionException e) {
            if (published[0]) {
                // the job is on Kafka but its key was not stored: the job stands, a retry with the key
                // would submit it again
                log.error("Job {} was published but its Idempotency-Key could not be stored for tenant {}: {}",
                        jobId, tenant, e.toString());
                return new Published(jobId);
            }
            throw ApiException.unavailable(ProblemType.IDEMPOTENCY_STORE_UNAVAILABLE,
                    "Idempotency keys cannot be checked right now; nothing was submitted. Try again later.",
                    retryAfter, e);
        }
    }
}
