package io.codesynth.results;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One real PostgreSQL per test JVM (started on first use, stopped at exit), with a database per
 * test class so that classes never see each other's rows.
 */
public final class TestPostgres {

    public static final String USER = "postgres";

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** JDBC URL of {@code database}, created if needed. */
    public static synchronized String jdbcUrl(String database) {
        createIfMissing(database);
        return server().getJdbcUrl(USER, database);
    }

    /** A data source on {@code database} (created if needed) with the service's migrations applied. */
    public static synchronized DataSource migratedDatabase(String database) {
        createIfMissing(database);
        DataSource dataSource = server().getDatabase(USER, database);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("results")
                .locations("classpath:db/migration/results")
                .load()
                .migrate();
        return dataSource;
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary anyway
                }
            }));
        }
        return server;
    }

    private static void createIfMissing(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("test database names are lower-case identifiers: " + database);
        }
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database, e);
        }
    }
}
