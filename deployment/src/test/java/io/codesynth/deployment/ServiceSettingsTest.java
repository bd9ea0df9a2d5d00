package io.codesynth.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ServiceSettings} decides as Spring Boot's relaxed binding does, on the services' real yml files. */
class ServiceSettingsTest {

    @Test
    void environmentVariablesBindTheDashedPropertiesTheYmlDeclares() {
        ServiceSettings gateway = ServiceSettings.of("gateway-service");
        assertThat(gateway.boundProperty("SPRING_KAFKA_BOOTSTRAP_SERVERS")).hasValue("spring.kafka.bootstrap-servers");
        assertThat(gateway.boundProperty("CODESYNTH_GATEWAY_RESULTS_URL")).hasValue("codesynth.gateway.results-url");
        assertThat(gateway.boundProperty("CODESYNTH_KAFKA_REPLICATION_FACTOR"))
                .hasValue("codesynth.kafka.replication-factor");
        assertThat(gateway.boundProperty("SPRING_DATASOURCE_PASSWORD")).hasValue("spring.datasource.password");
        assertThat(gateway.problem("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEmpty();
    }

    @Test
    void indexedVariablesBindAnEntryOfADeclaredList() {
        ServiceSettings results = ServiceSettings.of("results-service");
        assertThat(results.boundProperty("CODESYNTH_SECURITY_APIKEYS_0_TENANT"))
                .hasValue("codesynth.security.api-keys[0].tenant");
        assertThat(results.boundProperty("CODESYNTH_SECURITY_APIKEYS_0_KEYSHA256"))
                .hasValue("codesynth.security.api-keys[0].keysha256");
        assertThat(ServiceSettings.of("verification-worker")
                .boundProperty("CODESYNTH_VERIFICATION_SANDBOX_LIBRARYPATHS_0")).isPresent();
    }

    @Test
    void emptySettingsCountAsDeclared() {
        assertThat(ServiceSettings.of("generation-worker").boundProperty("CODESYNTH_GENERATION_MODEL_DIR"))
                .hasValue("codesynth.generation.model-dir");
    }

    @Test
    void misspelledOrForeignVariablesAreProblems() {
        ServiceSettings gateway = ServiceSettings.of("gateway-service");
        assertThat(gateway.problem("CODESYNTH_GATEWAY_RESULT_URL")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("codesynth.gateway.result.url").contains("gateway-service.yml"));
        assertThat(gateway.problem("CODESYNTH_SECURITY_APIKEY_0_TENANT")).isPresent();
        assertThat(ServiceSettings.of("generation-worker").problem("SPRING_DATASOURCE_URL")).isPresent();
        assertThat(ServiceSettings.of("verification-worker").problem("CODESYNTH_GENERATION_DEVICE")).isPresent();
        assertThat(gateway.problem("codesynth_gateway_results_url")).isPresent();
    }

    @Test
    void anIndexOnANonListIsNotAListEntry() {
        ServiceSettings settings = ServiceSettings.parse("gateway-service", Path.of("test.yml"),
                new StringReader("a:\n  b: 1\n  items: []\n"));
        assertThat(settings.boundProperty("A_B")).hasValue("a.b");
        assertThat(settings.boundProperty("A_ITEMS_0")).hasValue("a.items[0]");
        assertThat(settings.boundProperty("A_B_0")).isEmpty();
        assertThat(settings.boundProperty("A_C")).isEmpty();
    }

    @Test
    void jvmVariablesPassForEveryService() {
        for (String service : ServiceSettings.SERVICES) {
            assertThat(ServiceSettings.of(service).problem("JAVA_TOOL_OPTIONS")).isEmpty();
        }
    }
}
