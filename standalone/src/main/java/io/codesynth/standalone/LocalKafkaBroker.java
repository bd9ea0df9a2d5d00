package io.codesynth.standalone;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A single-node Kafka cluster in this JVM: one {@link KafkaRaftServer} acting as broker and KRaft
 * controller, listening on 127.0.0.1 only.
 *
 * <p>The log directory is formatted on first start (the equivalent of {@code kafka-storage.sh format})
 * and reused afterwards, so topics, records and committed offsets survive a restart.
 */
final class LocalKafkaBroker implements AutoCloseable {

    /** The node id of the one node; also the only controller voter. */
    static final int NODE_ID = 1;

    /** Large enough for a 4 MiB job with JSON escaping and record overhead. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private LocalKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code logDir} if it holds no cluster yet, starts the node and waits until it serves
     * client requests.
     */
    static LocalKafkaBroker start(Path logDir, int port, int controllerPort) throws IOException {
        Files.createDirectories(logDir);
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(logDir, port, controllerPort), false);
        formatIfNew(logDir, config);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrapServers = "127.0.0.1:" + port;
        try {
            server.startup();
            awaitReady(bootstrapServers, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException(
                    "the Kafka broker on port " + port + " did not start: " + e.getMessage(), e);
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        return new LocalKafkaBroker(server, bootstrapServers);
    }

    /** The broker's client listener, {@code 127.0.0.1:<port>}. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker and waits until its log directory is closed cleanly. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Single-node settings: everything that defaults to three replicas is set to one. */
    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", NODE_ID);
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());

        p.put("offsets.topic.replication.factor", 1);
        p.put("offsets.topic.num.partitions", 5);
        p.put("transaction.state.log.replication.factor", 1);
        p.put("transaction.state.log.min.isr", 1);
        p.put("transaction.state.log.num.partitions", 5);
        p.put("share.coordinator.state.topic.replication.factor", 1);
        p.put("share.coordinator.state.topic.min.isr", 1);
        p.put("default.replication.factor", 1);
        p.put("min.insync.replicas", 1);
        // one member per group in this JVM: no reason to wait for more to join
        p.put("group.initial.rebalance.delay.ms", 0);

        p.put("message.max.bytes", MAX_MESSAGE_BYTES);
        p.put("replica.fetch.max.bytes", MAX_MESSAGE_BYTES);
        // the default 128 MiB compaction buffer is sized for production brokers
        p.put("log.cleaner.dedupe.buffer.size", 8 * 1024 * 1024);

        Properties properties = new Properties();
        p.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        return properties;
    }

    private static void formatIfNew(Path logDir, KafkaConfig config) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(false)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format the Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static void awaitReady(String bootstrapServers, Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "codesynth-standalone-readiness");
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not answer within " + timeout.toSeconds() + " s", e);
        }
    }
}
