package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone's own broker and database keep their data in the data directory: after a restart
 * the records, the consumer group's position and the rows are still there.
 */
class LocalInfrastructureRestartTest {

    private static final String TOPIC = "restart-test";

    @TempDir
    Path dataDir;

    @Test
    void aRestartKeepsRecordsOffsetsAndRows() throws Exception {
        int kafkaPort = freePort();
        int controllerPort = freePort();

        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, controllerPort);
             LocalPostgres postgres = LocalPostgres.start(dataDir.resolve("postgres"), 0)) {
            send(kafka.bootstrapServers(), "first");
            assertThat(consumeAll(kafka.bootstrapServers())).containsExactly("first");
            execute(postgres, "CREATE TABLE jobs (name text)", "INSERT INTO jobs VALUES ('first')");
        }

        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, controllerPort);
             LocalPostgres postgres = LocalPostgres.start(dataDir.resolve("postgres"), 0)) {
            send(kafka.bootstrapServers(), "second");
            // the group committed "first" before the restart, so only the new record is left for it
            assertThat(consumeAll(kafka.bootstrapServers())).containsExactly("second");
            execute(postgres, "INSERT INTO jobs VALUES ('second')");
            assertThat(names(postgres)).containsExactly("first", "second");
        }
    }

    private static void send(String bootstrapServers, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get();
        }
    }

    /** Reads what the group has not consumed yet until a poll comes back empty, then commits. */
    private static List<String> consumeAll(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            // the first polls join the group; stop at the first empty poll after a record arrived
            for (int polls = 0; polls < 40; polls++) {
                int received = 0;
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                    received++;
                }
                if (received == 0 && !values.isEmpty()) {
                    break;
                }
            }
            consumer.commitSync();
        }
        return values;
    }

    private static void execute(LocalPostgres postgres, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> names(LocalPostgres postgres) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM jobs ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
