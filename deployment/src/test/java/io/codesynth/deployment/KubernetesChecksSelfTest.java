package io.codesynth.deployment;

import static io.codesynth.deployment.KubernetesManifests.at;
import static io.codesynth.deployment.KubernetesManifests.list;
import static io.codesynth.deployment.KubernetesManifests.map;
import static io.codesynth.deployment.KubernetesManifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each check fails on a broken manifest: the real rendered overlays, copied, with one thing broken each time,
 * must give exactly the problem that the break causes (and the unbroken copy none: KubernetesManifestsTest).
 */
class KubernetesChecksSelfTest {

    @Test
    void anUnknownFieldOfABuiltInKindFailsTheSchema() {
        assertThat(problems("dev", KubernetesChecks::schemaProblems,
                deployment("gateway-service", d -> container(d).put("imagePullPolicyy", "Always"))))
                .anySatisfy(p -> assertThat(p).contains("Deployment gateway-service").contains("imagePullPolicyy"));
        assertThat(problems("dev", KubernetesChecks::schemaProblems,
                documents(d -> "Service".equals(d.get("kind")), d -> map(d.get("spec")).put("selectr", Map.of("a", "b")))))
                .anySatisfy(p -> assertThat(p).contains("selectr"));
        assertThat(problems("dev", KubernetesChecks::schemaProblems,
                deployment("results-service", d -> map(at(d, "spec.template.spec")).put("containers", "oops"))))
                .anySatisfy(p -> assertThat(p).contains("Deployment results-service"));
    }

    @Test
    void fabric8AloneWouldSwallowUnknownFields() {
        Map<String, Object> service = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "x"), "spec", Map.of("selectr", Map.of("a", "b"))));
        assertThat(KubernetesSchema.problem(service)).contains("selectr");
    }

    @Test
    void anUnknownKindFails() {
        assertThat(problems("dev", KubernetesChecks::schemaProblems, docs -> docs.add(new LinkedHashMap<>(Map.of(
                "apiVersion", "example.com/v1", "kind", "Widget", "metadata", Map.of("name", "w"))))))
                .anySatisfy(p -> assertThat(p).contains("example.com/v1/Widget"));
    }

    @Test
    void aSelectorThatSelectsNothingFails() {
        assertThat(problems("dev", KubernetesChecks::selectorProblems, documents(
                d -> "Service".equals(d.get("kind")) && "results-service".equals(name(d)),
                d -> map(at(d, "spec")).put("selector", Map.of("app.kubernetes.io/name", "result-service")))))
                .anySatisfy(p -> assertThat(p).contains("Service results-service"));
        assertThat(problems("dev", KubernetesChecks::selectorProblems, documents(
                d -> "PodDisruptionBudget".equals(d.get("kind")) && "gateway-service".equals(name(d)),
                d -> map(at(d, "spec")).put("selector", Map.of("matchLabels", Map.of("app", "gateway"))))))
                .anySatisfy(p -> assertThat(p).contains("PodDisruptionBudget gateway-service"))
                .anySatisfy(p -> assertThat(p).contains("Deployment gateway-service has no PodDisruptionBudget"));
    }

    @Test
    void aMissingSecretConfigMapOrServiceFails() {
        assertThat(problems("production", KubernetesChecks::referenceProblems, deployment("gateway-service",
                d -> env(d, "SPRING_DATASOURCE_PASSWORD").put("valueFrom",
                        Map.of("secretKeyRef", Map.of("name", "codesynth-db", "key", "password"))))))
                .anySatisfy(p -> assertThat(p).contains("Secret codesynth-db does not exist"));
        assertThat(problems("production", KubernetesChecks::referenceProblems, deployment("gateway-service",
                d -> env(d, "SPRING_DATASOURCE_PASSWORD").put("valueFrom",
                        Map.of("secretKeyRef", Map.of("name", "codesynth-pg-app", "key", "pass"))))))
                .anySatisfy(p -> assertThat(p).contains("has no key pass"));
        assertThat(problems("dev", KubernetesChecks::referenceProblems, deployment("gateway-service",
                d -> env(d, "CODESYNTH_GATEWAY_RESULTS_URL").put("value", "http://results:8081"))))
                .anySatisfy(p -> assertThat(p).contains("host results is no Service"));
        assertThat(problems("dev", KubernetesChecks::referenceProblems, deployment("gateway-service",
                d -> env(d, "CODESYNTH_GATEWAY_RESULTS_URL").put("value", "http://results-service:8080"))))
                .anySatisfy(p -> assertThat(p).contains("has no port 8080"));
        assertThat(problems("production", KubernetesChecks::referenceProblems, documents(
                d -> "ConfigMap".equals(d.get("kind")) && name(d).startsWith("codesynth-settings"),
                d -> map(d.get("data")).put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "codesynth-kafka:9092"))))
                .anySatisfy(p -> assertThat(p).contains("host codesynth-kafka is no Service"));
        assertThat(problems("dev", KubernetesChecks::referenceProblems, deployment("verification-worker",
                d -> list(container(d).get("envFrom")).forEach(f -> map(map(f).get("configMapRef")).put("name", "gone")))))
                .anySatisfy(p -> assertThat(p).contains("envFrom ConfigMap gone does not exist"));
        assertThat(problems("production", KubernetesChecks::referenceProblems, documents(
                d -> "Ingress".equals(d.get("kind")),
                d -> list(at(d, "spec.tls")).forEach(t -> map(t).put("secretName", "undocumented-tls")))))
                .anySatisfy(p -> assertThat(p).contains("TLS Secret undocumented-tls"));
        assertThat(problems("production", KubernetesChecks::referenceProblems, deployment("verification-worker",
                d -> map(at(d, "spec.template.spec")).put("runtimeClassName", "kata"))))
                .anySatisfy(p -> assertThat(p).contains("RuntimeClass kata does not exist"));
    }

    @Test
    void aContainerWithoutProbesOrLimitsFails() {
        assertThat(problems("dev", KubernetesChecks::containerProblems, deployment("results-service",
                d -> container(d).remove("readinessProbe"))))
                .anySatisfy(p -> assertThat(p).contains("results-service").contains("readinessProbe"));
        assertThat(problems("dev", KubernetesChecks::containerProblems, deployment("gateway-service",
                d -> map(at(container(d), "resources")).remove("limits"))))
                .anySatisfy(p -> assertThat(p).contains("resources.requests and resources.limits need cpu"));
        assertThat(problems("dev", KubernetesChecks::containerProblems, deployment("generation-worker",
                d -> container(d).remove("startupProbe"))))
                .anySatisfy(p -> assertThat(p).contains("no startupProbe"));
        assertThat(problems("dev", KubernetesChecks::containerProblems, deployment("verification-worker",
                d -> map(list(container(d).get("ports")).getFirst()).put("containerPort", 8080))))
                .anySatisfy(p -> assertThat(p).contains("server.port 8083"));
    }

    @Test
    void wrongOperatorResourcesFail() {
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "ScaledObject".equals(d.get("kind")) && "generation-worker".equals(name(d)),
                d -> map(at(map(list(at(d, "spec.triggers")).getFirst()), "metadata")).put("consumerGroup", "generation"))))
                .anySatisfy(p -> assertThat(p).contains("consumerGroup generation").contains("generation-worker"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "ScaledObject".equals(d.get("kind")) && "verification-worker".equals(name(d)),
                d -> map(at(map(list(at(d, "spec.triggers")).getFirst()), "metadata"))
                        .put("bootstrapServers", "codesynth-kafka-bootstrap:9092"))))
                .anySatisfy(p -> assertThat(p).contains("must be namespace-qualified"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "ScaledObject".equals(d.get("kind")), d -> map(d.get("spec")).put("maxReplicas", 3))))
                .anySatisfy(p -> assertThat(p).contains("spec fields its CRD does not have: [maxReplicas]"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "ScaledObject".equals(d.get("kind")), d -> map(d.get("spec")).put("maxReplicaCount", 24))))
                .anySatisfy(p -> assertThat(p).contains("exceeds the 12 partitions"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "KafkaTopic".equals(d.get("kind")) && "codesynth.jobs.v1".equals(name(d)),
                d -> KubernetesManifests.labels(d).put("strimzi.io/cluster", "other"))))
                .anySatisfy(p -> assertThat(p).contains("KafkaTopic codesynth.jobs.v1: label strimzi.io/cluster"));
        assertThat(problems("production", KubernetesChecks::schemaProblems,
                docs -> docs.removeIf(d -> "KafkaTopic".equals(d.get("kind")) && "codesynth.verdicts.v1-dlt".equals(name(d)))))
                .anySatisfy(p -> assertThat(p).contains("not the pipeline's topics"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "KafkaTopic".equals(d.get("kind")), d -> map(d.get("spec")).put("replicas", 4))))
                .anySatisfy(p -> assertThat(p).contains("4 replicas, but Kafka codesynth has 3 brokers"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "Kafka".equals(d.get("kind")), d -> map(at(d, "metadata.annotations")).remove("strimzi.io/kraft"))))
                .anySatisfy(p -> assertThat(p).contains("strimzi.io/kraft"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "KafkaNodePool".equals(d.get("kind")), d -> map(d.get("spec")).put("storage", Map.of("type", "ephemeral")))))
                .anySatisfy(p -> assertThat(p).contains("persistent-claim"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "Cluster".equals(d.get("kind")), d -> map(at(d, "spec.bootstrap.initdb")).put("database", "app"))))
                .anySatisfy(p -> assertThat(p).contains("names another database"));
        assertThat(problems("production", KubernetesChecks::schemaProblems, documents(
                d -> "ServiceMonitor".equals(d.get("kind")),
                d -> list(at(d, "spec.endpoints")).forEach(e -> map(e).put("port", "metrics")))))
                .anySatisfy(p -> assertThat(p).contains("has no port named metrics"));
    }

    @Test
    void rawApiKeysAndRealLookingPasswordsInSecretsFail() {
        assertThat(problems("dev", m -> KubernetesChecks.secretProblems(m, true), documents(
                d -> "Secret".equals(d.get("kind")) && "codesynth-api-keys".equals(name(d)),
                d -> d.put("stringData", new LinkedHashMap<>(Map.of("api-key", "cs_123"))))))
                .anySatisfy(p -> assertThat(p).contains("looks like a raw API key"));
        assertThat(problems("dev", m -> KubernetesChecks.secretProblems(m, true), documents(
                d -> "Secret".equals(d.get("kind")) && "codesynth-database".equals(name(d)),
                d -> d.put("stringData", new LinkedHashMap<>(Map.of("password", "Tr0ub4dor&3"))))))
                .anySatisfy(p -> assertThat(p).contains("not an obvious placeholder"));
        assertThat(problems("dev", m -> KubernetesChecks.secretProblems(m, false), docs -> { }))
                .anySatisfy(p -> assertThat(p).contains("must not contain Secrets"));
    }

    @Test
    void documentsOutsideTheNamespaceOrUnlabelledFail() {
        assertThat(problems("production", KubernetesChecks::namespaceAndLabelProblems, documents(
                d -> "KafkaTopic".equals(d.get("kind")) && "codesynth.jobs.v1".equals(name(d)),
                d -> map(d.get("metadata")).remove("namespace"))))
                .anySatisfy(p -> assertThat(p).contains("KafkaTopic codesynth.jobs.v1 is in namespace null"));
    }

    // ---- helpers ----

    private static List<String> problems(String overlay, Function<KubernetesManifests, List<String>> check,
            Consumer<List<Map<String, Object>>> breakIt) {
        List<Map<String, Object>> copy = new ArrayList<>();
        KustomizeRender.overlay(overlay).forEach(d -> copy.add(deepCopy(d)));
        breakIt.accept(copy);
        KubernetesManifests m = new KubernetesManifests(overlay, copy, KubernetesChecks.documentedSecrets(
                KustomizeRender.k8s().resolve("overlays").resolve(overlay).resolve("README.md")));
        return check.apply(m);
    }

    private static Consumer<List<Map<String, Object>>> documents(java.util.function.Predicate<Map<String, Object>> which,
            Consumer<Map<String, Object>> change) {
        return docs -> {
            List<Map<String, Object>> matching = docs.stream().filter(which).toList();
            assertThat(matching).as("documents to break").isNotEmpty();
            matching.forEach(change);
        };
    }

    private static Consumer<List<Map<String, Object>>> deployment(String name, Consumer<Map<String, Object>> change) {
        return documents(d -> "Deployment".equals(d.get("kind")) && name.equals(name(d)), change);
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return map(list(at(deployment, "spec.template.spec.containers")).getFirst());
    }

    private static Map<String, Object> env(Map<String, Object> deployment, String variable) {
        return list(container(deployment).get("env")).stream().map(KubernetesManifests::map)
                .filter(e -> variable.equals(e.get("name"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k.toString(), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> items) {
            List<Object> copy = new ArrayList<>();
            items.forEach(item -> copy.add(deepCopy(item)));
            return (T) copy;
        }
        return value;
    }
}
