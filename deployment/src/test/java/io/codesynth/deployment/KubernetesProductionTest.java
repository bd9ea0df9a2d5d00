package io.codesynth.deployment;

import static io.codesynth.deployment.KubernetesManifests.at;
import static io.codesynth.deployment.KubernetesManifests.labels;
import static io.codesynth.deployment.KubernetesManifests.list;
import static io.codesynth.deployment.KubernetesManifests.map;
import static io.codesynth.deployment.KubernetesManifests.podTemplateOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.deployment.KubernetesManifests.Container;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** What overlays/production promises beyond the common checks: operators, GPUs, autoscaling, gVisor, egress. */
class KubernetesProductionTest {

    private final KubernetesManifests m = KustomizeRender.manifests("production");

    @Test
    void kafkaIsStrimziInKraftModeWithThreeDualRoleNodesAndEveryTopic() {
        assertThat(m.ofKind("Kafka")).hasSize(1);
        Map<String, Object> pool = m.ofKind("KafkaNodePool").getFirst();
        assertThat(at(pool, "spec.replicas")).isEqualTo(3);
        assertThat(list(at(pool, "spec.roles"))).containsExactlyInAnyOrder("controller", "broker");
        assertThat(m.ofKind("KafkaTopic")).hasSize(10).allSatisfy(topic -> {
            assertThat(at(topic, "spec.partitions")).isEqualTo(12);
            assertThat(at(topic, "spec.replicas")).isEqualTo(3);
            assertThat(at(topic, "spec.config")).isEqualTo(Map.of("min.insync.replicas", 2, "max.message.bytes", 16 * 1024 * 1024));
        });
        Map<String, Object> settings = KubernetesCustomResources.settings(m);
        assertThat(settings.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo(KubernetesManifests.name(m.ofKind("Kafka").getFirst()) + "-kafka-bootstrap:9092");
        assertThat(settings.get("CODESYNTH_KAFKA_REPLICATION_FACTOR")).isEqualTo("3");
    }

    @Test
    void postgresIsACloudNativePgClusterOfThree() {
        Map<String, Object> cluster = m.ofKind("Cluster").getFirst();
        assertThat(at(cluster, "spec.instances")).isEqualTo(3);
        assertThat(at(cluster, "spec.bootstrap.initdb.database")).isEqualTo("codesynth");
        for (String service : List.of("gateway-service", "results-service")) {
            assertThat(m.envValue(m.serviceContainer(service).orElseThrow(), "SPRING_DATASOURCE_URL"))
                    .hasValue("jdbc:postgresql://" + KubernetesManifests.name(cluster) + "-rw:5432/codesynth");
        }
    }

    @Test
    void generationWorkersRunOnTheGpuNodePool() {
        Container worker = m.serviceContainer("generation-worker").orElseThrow();
        assertThat(at(worker.container(), "resources.limits")).extracting(l -> map(l).get("nvidia.com/gpu")).isEqualTo(1);
        assertThat(map(worker.podSpec().get("nodeSelector"))).isNotEmpty();
        assertThat(list(worker.podSpec().get("tolerations"))).anySatisfy(t -> {
            assertThat(map(t).get("key")).isEqualTo("nvidia.com/gpu");
            assertThat(map(t).get("effect")).isEqualTo("NoSchedule");
        });
        assertThat(m.envValue(worker, "CODESYNTH_GENERATION_DEVICE")).hasValue("gpu");
        assertThat(m.envValue(worker, "CODESYNTH_GENERATION_DTYPE")).hasValue("float16");
    }

    @Test
    void kedaScalesBothWorkerKindsOnTheLagOfTheirInputTopics() {
        for (String service : List.of("generation-worker", "verification-worker")) {
            Map<String, Object> scaled = m.ofKind("ScaledObject").stream()
                    .filter(s -> service.equals(at(s, "spec.scaleTargetRef.name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no ScaledObject scales " + service));
            assertThat(at(scaled, "spec.maxReplicaCount")).isEqualTo(12);
            Map<String, Object> trigger = map(list(at(scaled, "spec.triggers")).getFirst());
            assertThat(trigger.get("type")).isEqualTo("kafka");
            assertThat(at(trigger, "metadata.consumerGroup")).isEqualTo(KubernetesPipelineSource.consumerGroup(service));
            assertThat(at(trigger, "metadata.topic")).isEqualTo(KubernetesPipelineSource.inputTopic(service));
        }
    }

    @Test
    void verificationPodsRunUnderGvisor() {
        Container worker = m.serviceContainer("verification-worker").orElseThrow();
        Object runtimeClass = worker.podSpec().get("runtimeClassName");
        assertThat(runtimeClass).isNotNull();
        assertThat(m.get("RuntimeClass", runtimeClass.toString()).get("handler")).isEqualTo("runsc");
        assertThat(at(worker.container(), "securityContext.privileged")).isNotEqualTo(true);
        assertThat(list(at(worker.container(), "securityContext.capabilities.drop"))).contains("ALL");
        assertThat(at(worker.container(), "securityContext.capabilities.add")).isNull();
        assertThat(m.envValue(worker, "CODESYNTH_VERIFICATION_SANDBOX_MODE")).hasValue("sandboxed");
    }

    /** Egress from verification pods: only the Kafka brokers on their listener port, and DNS. */
    @Test
    void verificationPodsReachOnlyKafkaAndDns() {
        Map<String, Object> pods = labels(podTemplateOf(m.get("Deployment", "verification-worker")));
        List<Map<String, Object>> policies = m.ofKind("NetworkPolicy").stream()
                .filter(p -> KubernetesManifests.selects(map(at(p, "spec.podSelector")), pods, true)).toList();
        assertThat(policies).hasSize(1);
        Map<String, Object> policy = policies.getFirst();
        assertThat(list(at(policy, "spec.policyTypes"))).contains("Egress");
        String kafka = KubernetesManifests.name(m.ofKind("Kafka").getFirst());
        List<Integer> kafkaPorts = list(at(m.ofKind("Kafka").getFirst(), "spec.kafka.listeners")).stream()
                .map(l -> (Integer) map(l).get("port")).toList();
        List<Object> rules = list(at(policy, "spec.egress"));
        assertThat(rules).isNotEmpty().allSatisfy(r -> {
            Map<String, Object> rule = map(r);
            List<Object> to = list(rule.get("to"));
            List<Object> ports = list(rule.get("ports"));
            assertThat(to).as("every egress rule names its peers").isNotEmpty();
            assertThat(ports).as("every egress rule names its ports").isNotEmpty();
            boolean dns = ports.stream().allMatch(p -> Objects.equals(map(p).get("port"), 53));
            if (dns) {
                assertThat(to).allSatisfy(peer -> assertThat(at(map(peer), "podSelector.matchLabels.k8s-app")).isEqualTo("kube-dns"));
            } else {
                assertThat(ports).allSatisfy(p -> assertThat(kafkaPorts).contains((Integer) map(p).get("port")));
                assertThat(to).allSatisfy(peer -> {
                    assertThat(map(peer)).doesNotContainKeys("ipBlock", "namespaceSelector");
                    assertThat(map(at(map(peer), "podSelector.matchLabels")).get("strimzi.io/cluster")).isEqualTo(kafka);
                });
            }
        });
    }

    @Test
    void prometheusScrapesEveryServiceOnPortHttp() {
        Map<String, Object> monitor = m.ofKind("ServiceMonitor").getFirst();
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(list(at(monitor, "spec.endpoints"))).allSatisfy(e -> assertThat(map(e).get("port")).isEqualTo("http"));
    }

    @Test
    void theIngressServesTheGatewayOverTls() {
        Map<String, Object> ingress = m.ofKind("Ingress").getFirst();
        assertThat(list(at(ingress, "spec.tls"))).isNotEmpty();
        assertThat(list(at(ingress, "spec.rules"))).allSatisfy(r -> assertThat(map(r).get("host")).isNotNull());
    }
}
