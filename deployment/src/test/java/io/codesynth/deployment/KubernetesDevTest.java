package io.codesynth.deployment;

import static io.codesynth.deployment.KubernetesManifests.at;
import static io.codesynth.deployment.KubernetesManifests.list;
import static io.codesynth.deployment.KubernetesManifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What overlays/dev promises: one Kafka (KRaft) and one PostgreSQL 17 as StatefulSets, CPU generation. */
class KubernetesDevTest {

    private final KubernetesManifests m = KustomizeRender.manifests("dev");

    @Test
    void kafkaAndPostgresAreStatefulSetsWithHeadlessServicesAndClaims() {
        for (String name : List.of("kafka", "postgres")) {
            Map<String, Object> set = m.get("StatefulSet", name);
            assertThat(at(set, "spec.replicas")).isEqualTo(1);
            List<Object> claims = list(at(set, "spec.volumeClaimTemplates"));
            assertThat(claims).hasSize(1);
            String claim = KubernetesManifests.name(map(claims.getFirst()));
            assertThat(list(map(list(at(KubernetesManifests.podTemplateOf(set), "spec.containers")).getFirst()).get("volumeMounts")))
                    .anySatisfy(mount -> assertThat(map(mount).get("name")).isEqualTo(claim));
            assertThat(at(m.get("Service", (String) at(set, "spec.serviceName")), "spec.clusterIP")).isEqualTo("None");
        }
        Map<String, Object> kafka = map(list(at(KubernetesManifests.podTemplateOf(m.get("StatefulSet", "kafka")), "spec.containers")).getFirst());
        assertThat((String) kafka.get("image")).startsWith("apache/kafka:4.1.");
        assertThat(list(kafka.get("env"))).anySatisfy(e -> {
            assertThat(map(e).get("name")).isEqualTo("KAFKA_PROCESS_ROLES");
            assertThat(map(e).get("value")).isEqualTo("broker,controller");
        });
        Map<String, Object> postgres = map(list(at(KubernetesManifests.podTemplateOf(m.get("StatefulSet", "postgres")), "spec.containers")).getFirst());
        assertThat(postgres.get("image")).isEqualTo("postgres:17");
    }

    @Test
    void theServicesUseTheDevKafkaAndPostgres() {
        assertThat(KubernetesCustomResources.settings(m).get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(KubernetesCustomResources.settings(m).get("CODESYNTH_KAFKA_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(m.envValue(m.serviceContainer("results-service").orElseThrow(), "SPRING_DATASOURCE_URL"))
                .hasValue("jdbc:postgresql://postgres:5432/codesynth");
        assertThat(m.envValue(m.serviceContainer("generation-worker").orElseThrow(), "CODESYNTH_GENERATION_DEVICE"))
                .hasValue("cpu");
    }
}
