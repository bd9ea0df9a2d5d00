package io.codesynth.results.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.JobCompleted;
import io.codesynth.contracts.JobState;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.TaskCompleted;
import io.codesynth.contracts.TaskState;
import io.codesynth.contracts.Topics;
import io.codesynth.results.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay sends each outbox row once, also when the process dies between the Kafka commit and the
 * database commit: the next run finds the records on the topic instead of sending them again.
 */
@EmbeddedKafka(topics = Topics.RESULTS, partitions = 3)
class OutboxRelayTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private static DataSource dataSource;
    private static NamedParameterJdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private static String bootstrapServers;

    @BeforeAll
    static void setUp(EmbeddedKafkaBroker broker) {
        dataSource = TestPostgres.migratedDatabase("outbox_unit");
        jdbc = new NamedParameterJdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        bootstrapServers = broker.getBrokersAsString();
    }

    @Test
    void sendsEachRowOnceAcrossACrashBetweenTheTwoCommitsAndARestart() {
        UUID jobId = UUID.randomUUID();
        OutboxRelay relay = relay();
        Outbox outbox = new Outbox(jdbc, () -> { });
        transaction.executeWithoutResult(status -> {
            for (int task = 0; task < 5; task++) {
                outbox.add(taskCompleted(jobId, task), NOW);
            }
            outbox.add(jobCompleted(jobId), NOW);
            // the same decision made twice adds nothing
            outbox.add(taskCompleted(jobId, 0), NOW);
        });
        AtomicInteger crashes = new AtomicInteger();
        relay.afterKafkaCommit(() -> {
            if (crashes.getAndIncrement() == 0) {
                throw new IllegalStateException("simulated crash after the Kafka commit");
            }
        });

        relay.relayAll();   // first batch reaches the topic, the database never hears of it
        assertThat(unsent()).isEqualTo(6);
        relay.relayAll();   // finds that batch on the topic, sends the rest
        assertThat(unsent()).isZero();
        relay.relayAll();
        relay.stop();
        // another instance (or the restarted process) has nothing left to send
        OutboxRelay restarted = relay();
        restarted.relayAll();
        restarted.stop();

        List<ConsumerRecord<String, byte[]>> records = recordsOf(jobId);
        assertThat(records).extracting(record -> header(record, Outbox.MESSAGE_ID_HEADER)).containsExactly(
                "TaskCompleted:" + jobId + "/0", "TaskCompleted:" + jobId + "/1", "TaskCompleted:" + jobId + "/2",
                "TaskCompleted:" + jobId + "/3", "TaskCompleted:" + jobId + "/4", "JobCompleted:" + jobId);
        assertThat(records).extracting(record -> header(record, Topics.TYPE_HEADER)).containsOnly(
                "TaskCompleted", "JobCompleted");
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(jobId.toString());
        assertThat(PipelineJson.fromBytes(records.getLast().value(), JobCompleted.class).jobId()).isEqualTo(jobId);
        assertThat(crashes.get()).isGreaterThanOrEqualTo(2);
    }

    private static OutboxRelay relay() {
        return new OutboxRelay(jdbc, transaction, Clock.systemUTC(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Duration.ofSeconds(1), 2, Duration.ofSeconds(20));
    }

    private static long unsent() {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM results.outbox WHERE sent_at IS NULL", Long.class);
    }

    private static TaskCompleted taskCompleted(UUID jobId, int task) {
        return new TaskCompleted(PipelineMessage.SCHEMA_VERSION, jobId, "acme", jobId + "/" + task, "T/" + task,
                TaskState.FAILED, "timed out", List.of(), Map.of(), null, NOW);
    }

    private static JobCompleted jobCompleted(UUID jobId) {
        return new JobCompleted(PipelineMessage.SCHEMA_VERSION, jobId, "acme", "job", JobState.FAILED, 5, 0, 5,
                Map.of(), NOW.minusSeconds(60), NOW);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(UUID jobId) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESULTS).stream()
                    .map(info -> new TopicPartition(Topics.RESULTS, info.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (jobId.toString().equals(record.key())) {
                        records.add(record);
                    }
                });
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
