package io.codesynth.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.codesynth.contracts.auth.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of one standalone run: PostgreSQL and the Kafka broker (started side by side), then the
 * services. {@link #close()} stops them in reverse: the services first, so no client talks to a
 * vanished broker or database, then the broker, then PostgreSQL.
 */
final class StandaloneRuntime implements AutoCloseable {

    static final String DEMO_TENANT = "demo";
    /** Subdirectories of the data directory. */
    static final String POSTGRES_DIR = "postgres";
    static final String KAFKA_DIR = "kafka";

    private static final Logger log = LoggerFactory.getLogger(StandaloneRuntime.class);

    private final LocalPostgres postgres;
    private final LocalKafkaBroker kafka;
    private final ServiceContexts services;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneRuntime(LocalPostgres postgres, LocalKafkaBroker kafka, ServiceContexts services) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.services = services;
    }

    /**
     * Starts everything with data under {@code dataDir}, then {@code services} in order; only the SHA-256
     * of {@code apiKey} reaches the services, for tenant {@value #DEMO_TENANT}.
     */
    static StandaloneRuntime start(Map<PortSetting, Integer> ports, Path dataDir, List<PipelineService> services,
                                   String apiKey) throws IOException {
        CompletableFuture<LocalPostgres> postgresStart = CompletableFuture.supplyAsync(() -> {
            try {
                long start = System.nanoTime();
                LocalPostgres postgres = LocalPostgres.start(dataDir.resolve(POSTGRES_DIR), ports.get(PortSetting.POSTGRES));
                log.info("PostgreSQL ready at {} in {} ms", postgres.jdbcUrl(), millisSince(start));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        LocalKafkaBroker kafka = null;
        LocalPostgres postgres = null;
        try {
            long kafkaStart = System.nanoTime();
            kafka = LocalKafkaBroker.start(dataDir.resolve(KAFKA_DIR),
                    ports.get(PortSetting.KAFKA), ports.get(PortSetting.KAFKA_CONTROLLER));
            log.info("Kafka broker ready at {} in {} ms", kafka.bootstrapServers(), millisSince(kafkaStart));
            postgres = joinPostgres(postgresStart);
            ServiceEnvironment environment = new ServiceEnvironment(kafka.bootstrapServers(), postgres.jdbcUrl(),
                    LocalPostgres.USER, "", DEMO_TENANT, ApiKeys.sha256Hex(apiKey));
            return new StandaloneRuntime(postgres, kafka, ServiceContexts.start(services, environment, ports));
        } catch (IOException | RuntimeException e) {
            if (postgres == null) {
                postgres = postgresStart.handle((started, failure) -> started).join();
            }
            stopAfterFailedStart(kafka, postgres, e);
            throw e;
        }
    }

    ServiceContexts services() {
        return services;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** Stops services, broker and database, in that order; later calls do nothing. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            services.close();
        } finally {
            try {
                kafka.close();
            } finally {
                postgres.close();
            }
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static LocalPostgres joinPostgres(CompletableFuture<LocalPostgres> start) throws IOException {
        try {
            return start.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static void stopAfterFailedStart(LocalKafkaBroker kafka, LocalPostgres postgres, Exception startFailure) {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                startFailure.addSuppressed(e);
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException e) {
                startFailure.addSuppressed(e);
            }
        }
    }
}
