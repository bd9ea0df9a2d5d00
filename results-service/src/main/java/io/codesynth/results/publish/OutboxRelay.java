package io.codesynth.results.publish;

import io.codesynth.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox's rows to the results topic, each exactly once.
 *
 * <p>One relay batch is one database transaction around one Kafka transaction: take the relay lock
 * (one relay at a time across instances), reconcile, read unsent rows in id order, send them in a
 * Kafka transaction (idempotent, transactional producer), commit it, then mark the rows sent and
 * store where each partition now ends, and commit the database. If the process dies between the two
 * commits, the rows are still unsent in the database but already on the topic; the next batch
 * therefore first <em>reconciles</em>: it reads the results topic (read_committed) from the stored
 * positions to its end and marks every row whose {@value Outbox#MESSAGE_ID_HEADER} it finds there as
 * sent, instead of sending it again.
 *
 * <p>What remains at-least-once: a relay that loses its database session mid-batch while another
 * instance takes the lock over and reconciles before the first one's Kafka commit lands. Each
 * record's {@value Outbox#MESSAGE_ID_HEADER} header lets a subscriber drop such a duplicate.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    // pg_advisory_xact_lock(int, int) keys: a key space apart from the one-bigint job locks
    private static final int LOCK_CLASS = 0x63736f62;
    private static final int LOCK_RELAY = 1;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> readerConfig;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration sendTimeout;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile Runnable afterKafkaCommit = () -> { };

    // used on the relay thread only
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> reader;

    /**
     * @param kafkaProducer the application's producer settings (bootstrap servers, security, ...)
     * @param kafkaConsumer the application's consumer settings
     */
    public OutboxRelay(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock,
                       Map<String, Object> kafkaProducer, Map<String, Object> kafkaConsumer,
                       Duration pollInterval, int batchSize, Duration sendTimeout) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.producerConfig = new HashMap<>(kafkaProducer);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) sendTimeout.toMillis());
        producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.readerConfig = new HashMap<>(kafkaConsumer);
        readerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        readerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        readerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        readerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        readerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /** Asks for a relay run as soon as possible (called after a transaction added outbox rows). */
    public void wakeUp() {
        ScheduledExecutorService running = executor;
        if (running != null && wakeUpPending.compareAndSet(false, true)) {
            try {
                running.execute(this::relayAll);
            } catch (RejectedExecutionException stopping) {
                wakeUpPending.set(false);
            }
        }
    }

    /** Test hook: runs between the Kafka commit and the database commit of each batch. */
    void afterKafkaCommit(Runnable hook) {
        this.afterKafkaCommit = hook;
    }

    /** Relays until no unsent row is left; failures are logged and retried on the next run. */
    void relayAll() {
        wakeUpPending.set(false);
        try {
            while (relayBatch() == batchSize) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("Relaying results failed; retrying in {} ms: {}", pollInterval.toMillis(), e.toString());
            log.debug("Relay failure", e);
            closeClients();
        }
    }

    /** One batch; returns how many rows it sent. */
    int relayBatch() {
        Integer sent = transaction.execute(status -> {
            if (!tryLock() || unsent().isEmpty()) {
                return 0;
            }
            reconcile();
            List<Row> rows = unsent();
            if (rows.isEmpty()) {
                return 0;
            }
            Map<Integer, Long> next = send(rows);
            afterKafkaCommit.run();
            markSent(rows.stream().map(Row::id).toList());
            savePositions(next);
            log.debug("Relayed {} result message(s)", rows.size());
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    private boolean tryLock() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(:class, :key)",
                new MapSqlParameterSource().addValue("class", LOCK_CLASS).addValue("key", LOCK_RELAY), Boolean.class));
    }

    private record Row(long id, String dedupKey, String topic, String key, String type, String payload) {
    }

    private List<Row> unsent() {
        return jdbc.query("""
                SELECT id, dedup_key, topic, message_key, message_type, payload FROM results.outbox
                WHERE sent_at IS NULL ORDER BY id LIMIT :limit""",
                new MapSqlParameterSource("limit", batchSize),
                (rs, row) -> new Row(rs.getLong("id"), rs.getString("dedup_key"), rs.getString("topic"),
                        rs.getString("message_key"), rs.getString("message_type"), rs.getString("payload")));
    }

    /** Sends the rows in one Kafka transaction; returns, per partition, the offset after the last record. */
    private Map<Integer, Long> send(List<Row> rows) {
        KafkaProducer<String, byte[]> kafka = producer();
        kafka.beginTransaction();
        try {
            List<Future<RecordMetadata>> results = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(),
                        row.payload().getBytes(StandardCharsets.UTF_8));
                record.headers().add(Topics.TYPE_HEADER, row.type().getBytes(StandardCharsets.UTF_8));
                record.headers().add(Outbox.MESSAGE_ID_HEADER, row.dedupKey().getBytes(StandardCharsets.UTF_8));
                results.add(kafka.send(record));
            }
            kafka.commitTransaction();
            Map<Integer, Long> next = new HashMap<>();
            for (Future<RecordMetadata> result : results) {
                RecordMetadata metadata = result.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
                next.merge(metadata.partition(), metadata.offset() + 1, Math::max);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(kafka);
            throw new IllegalStateException("interrupted while relaying results", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            abort(kafka);
            throw new IllegalStateException("could not send " + rows.size() + " result message(s): " + e, e);
        }
    }

    private void abort(KafkaProducer<String, byte[]> kafka) {
        try {
            kafka.abortTransaction();
        } catch (RuntimeException e) {
            // a fenced or broken producer cannot abort; it is closed and created anew on the next run
            log.debug("Could not abort the relay's Kafka transaction", e);
        }
    }

    /**
     * Marks as sent the rows whose records are already on the topic after the stored positions: the
     * trace of a batch whose Kafka transaction committed but whose database transaction did not.
     */
    private void reconcile() {
        Map<Integer, Long> stored = new HashMap<>();
        jdbc.query("SELECT partition_no, next_offset FROM results.outbox_positions WHERE topic = :topic",
                new MapSqlParameterSource("topic", Topics.RESULTS),
                rs -> {
                    stored.put(rs.getInt("partition_no"), rs.getLong("next_offset"));
                });
        KafkaConsumer<String, byte[]> consumer = reader();
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESULTS, sendTimeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, sendTimeout);
        Set<String> found = new HashSet<>();
        Map<Integer, Long> scanned = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long start = stored.getOrDefault(partition.partition(), 0L);
            long end = ends.getOrDefault(partition, 0L);
            if (end > start) {
                found.addAll(messageIds(consumer, partition, start, end));
                scanned.put(partition.partition(), end);
            }
        }
        if (scanned.isEmpty()) {
            return;
        }
        if (!found.isEmpty()) {
            int marked = jdbc.update("""
                    UPDATE results.outbox SET sent_at = :now WHERE sent_at IS NULL AND dedup_key IN (:keys)""",
                    new MapSqlParameterSource().addValue("now", Timestamp.from(clock.instant()))
                            .addValue("keys", found));
            if (marked > 0) {
                log.info("Found {} result message(s) already on {} from an interrupted relay; not sending them again",
                        marked, Topics.RESULTS);
            }
        }
        savePositions(scanned);
    }

    private Set<String> messageIds(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, long start,
                                   long end) {
        Set<String> ids = new HashSet<>();
        consumer.assign(List.of(partition));
        consumer.seek(partition, start);
        long giveUp = System.nanoTime() + sendTimeout.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("could not read " + partition + " from offset " + start + " to " + end
                        + " within " + sendTimeout.toMillis() + " ms; nothing is sent until it can be checked");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                Header id = record.headers().lastHeader(Outbox.MESSAGE_ID_HEADER);
                if (record.offset() < end && id != null) {
                    ids.add(new String(id.value(), StandardCharsets.UTF_8));
                }
            }
        }
        consumer.unsubscribe();
        return ids;
    }

    private void markSent(List<Long> ids) {
        jdbc.update("UPDATE results.outbox SET sent_at = :now WHERE id IN (:ids)",
                new MapSqlParameterSource().addValue("now", Timestamp.from(clock.instant())).addValue("ids", ids));
    }

    private void savePositions(Map<Integer, Long> next) {
        next.forEach((partition, offset) -> jdbc.update("""
                INSERT INTO results.outbox_positions (topic, partition_no, next_offset)
                VALUES (:topic, :partition, :offset)
                ON CONFLICT (topic, partition_no) DO UPDATE
                SET next_offset = greatest(outbox_positions.next_offset, EXCLUDED.next_offset)""",
                new MapSqlParameterSource()
                        .addValue("topic", Topics.RESULTS)
                        .addValue("partition", partition)
                        .addValue("offset", offset)));
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(producerConfig);
            // one id per process: the database lock, not fencing, keeps relays from overlapping
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "codesynth-results-outbox-" + UUID.randomUUID());
            KafkaProducer<String, byte[]> created = new KafkaProducer<>(config);
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private KafkaConsumer<String, byte[]> reader() {
        if (reader == null) {
            reader = new KafkaConsumer<>(readerConfig);
        }
        return reader;
    }

    private void closeClients() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(1));
            producer = null;
        }
        if (reader != null) {
            reader.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            reader = null;
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "results-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::relayAll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            // a batch takes milliseconds; one that waits longer (for a database that is going away, say)
            // is interrupted: its rows stay unsent and the next start sends them
            if (!running.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
                running.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
        closeClients();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        // below the listener containers' phase: starts before them and stops after them, so the rows of
        // their last transactions still go out
        return Integer.MAX_VALUE - 200;
    }
}
