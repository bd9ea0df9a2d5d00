package io.codesynth.standalone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every service of one standalone run shares: the broker, the database and the API key.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param jdbcUrl          the shared database; each service keeps its tables in its own schema
 * @param databaseUser     database user
 * @param databasePassword database password (empty for the local server, which trusts local connections)
 * @param tenant           the tenant of the one API key
 * @param apiKeySha256     SHA-256 hex of that key; the key itself is never handed to a service
 */
record ServiceEnvironment(
        String bootstrapServers,
        String jdbcUrl,
        String databaseUser,
        String databasePassword,
        String tenant,
        String apiKeySha256) {

    /**
     * Auto-configurations a service without a database must not get: the services share one classpath, so
     * the others' JDBC driver, pool and Flyway (with every service's migrations) would otherwise reach it.
     */
    static final List<String> DATABASE_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

    /**
     * springdoc, on the shared classpath for results-service, attaches its endpoints to every servlet
     * context it finds; the other services switch it off. The one that serves its documentation enables it
     * explicitly, which also keeps springdoc from warning at every start that it is "enabled by default".
     */
    static Map<String, String> apiDocsProperties(boolean apiDocs) {
        String enabled = Boolean.toString(apiDocs);
        return Map.of("springdoc.api-docs.enabled", enabled, "springdoc.swagger-ui.enabled", enabled);
    }

    /**
     * The shared part of a service's properties, under the names every service reads; without
     * {@code database}, no database settings and no database auto-configuration; springdoc's endpoints only
     * with {@code apiDocs}.
     */
    Map<String, String> properties(boolean database, boolean apiDocs) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
        if (database) {
            properties.put("spring.datasource.url", jdbcUrl);
            properties.put("spring.datasource.username", databaseUser);
            properties.put("spring.datasource.password", databasePassword);
        } else {
            properties.put("spring.autoconfigure.exclude", String.join(",", DATABASE_AUTO_CONFIGURATIONS));
        }
        properties.putAll(apiDocsProperties(apiDocs));
        properties.put("codesynth.security.api-keys[0].tenant", tenant);
        properties.put("codesynth.security.api-keys[0].key-sha256", apiKeySha256);
        return properties;
    }
}
