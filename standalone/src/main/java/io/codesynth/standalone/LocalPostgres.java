package io.codesynth.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (a child process) whose data directory outlives the JVM, so a restarted
 * standalone still has its jobs. The services share one database; each keeps its tables in its own
 * schema.
 */
final class LocalPostgres implements AutoCloseable {

    /** The database the services share. */
    static final String DATABASE = "codesynth";
    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts PostgreSQL on {@code port} with its data in {@code dataDir} (created and initialised if new). */
    static LocalPostgres start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, null);
    }

    /**
     * As {@link #start(Path, int)}, with the server's own output appended to {@code log} (null: to this JVM's
     * logging, as the one-JVM run has it).
     */
    static LocalPostgres start(Path dataDir, int port, Path log) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (log != null) {
            Files.createDirectories(log.toAbsolutePath().getParent());
            builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        EmbeddedPostgres postgres = builder
                .setPort(port)
                .setDataDirectory(dataDir.toAbsolutePath())
                .setCleanDataDirectory(false)
                // the standalone closes it in order (after the services); a hook of its own would race that
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        LocalPostgres local = new LocalPostgres(postgres);
        try {
            local.createDatabaseIfMissing();
        } catch (SQLException e) {
            IOException failure = new IOException("PostgreSQL started but the database '" + DATABASE
                    + "' could not be created: " + e.getMessage(), e);
            try {
                postgres.close();
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        return local;
    }

    /**
     * Stops a PostgreSQL server left running on {@code dataDir} by an earlier run that was killed
     * (kill -9 gives the JVM no chance to stop its child process). That server would hold the data
     * directory and the port, and nothing else may use this data directory.
     *
     * @return a sentence for the user if one was found, else empty
     * @throws IOException if it does not stop within 30 s
     */
    static Optional<String> stopLeftoverServer(Path dataDir) throws IOException {
        // no file, or not a pid in it: PostgreSQL itself will judge the file at start
        Optional<Long> serverPid = serverPid(dataDir);
        if (serverPid.isEmpty()) {
            return Optional.empty();
        }
        long pid = serverPid.get();
        Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) {
            return Optional.empty();
        }
        // SIGTERM: PostgreSQL's "smart" shutdown, which writes a checkpoint; its clients died with the old JVM
        server.get().destroy();
        try {
            server.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the PostgreSQL of an earlier run (pid " + pid + ")", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL of an earlier run (pid " + pid + ") still holds " + dataDir
                    + " and did not stop within 30 s; stop it with: kill " + pid, e);
        }
        return Optional.of("stopped PostgreSQL left running by an earlier run (pid " + pid + ")");
    }

    int port() {
        return postgres.getPort();
    }

    /** The server's process id, from its {@code postmaster.pid}; empty without the file or a pid in it. */
    static Optional<Long> serverPid(Path dataDir) {
        try (var lines = Files.lines(dataDir.resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::trim).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** JDBC URL of the shared database (user and password are passed separately). */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }
}
