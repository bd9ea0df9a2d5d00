package io.codesynth.results;

import io.codesynth.contracts.auth.ApiKeys;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as deployed: a real broker, a real PostgreSQL, real HTTP. The test classes that extend
 * this share one Spring context (one broker, one database), which closes when the test JVM exits;
 * each test uses its own jobs (and, where it lists, its own tenant), so they do not interfere.
 */
@SpringBootTest(classes = ResultsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=" + ResultsApplication.CONFIG_NAME,
                "codesynth.results.outbox.poll-interval=200ms",
                // the context closes when the JVM exits, possibly after the test database: do not wait for it
                "spring.datasource.hikari.connection-timeout=2000",
                "codesynth.results.events.poll-interval=200ms"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
abstract class ServiceTestBase {

    static final String ACME_KEY = ApiKeys.generateKey();
    static final String GLOBEX_KEY = ApiKeys.generateKey();
    static final String LISTER_KEY = ApiKeys.generateKey();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestPostgres.jdbcUrl("results_it"));
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
        String[][] keys = {{"acme", ACME_KEY}, {"globex", GLOBEX_KEY}, {"lister", LISTER_KEY}};
        for (int i = 0; i < keys.length; i++) {
            String[] key = keys[i];
            registry.add("codesynth.security.api-keys[" + i + "].tenant", () -> key[0]);
            registry.add("codesynth.security.api-keys[" + i + "].key-sha256", () -> ApiKeys.sha256Hex(key[1]));
        }
    }
}
