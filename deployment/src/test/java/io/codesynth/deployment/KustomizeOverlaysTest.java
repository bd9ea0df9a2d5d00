package io.codesynth.deployment;

import static io.codesynth.deployment.KubernetesManifests.at;
import static io.codesynth.deployment.KubernetesManifests.list;
import static io.codesynth.deployment.KubernetesManifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.deployment.KubernetesManifests.Container;
import io.codesynth.deployment.KubernetesManifests.SecretInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** k8s/base and every overlay render with `kubectl kustomize`; namespaces, labels and Secrets are as they must be. */
class KustomizeOverlaysTest {

    static final List<String> OVERLAYS = KustomizeRender.OVERLAYS;

    @Test
    void theBaseRenders() {
        assertThat(KustomizeRender.render(KustomizeRender.k8s().resolve("base")))
                .extracting(d -> d.get("kind")).contains("Deployment", "Service", "PodDisruptionBudget", "Ingress", "ConfigMap");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachOverlayRendersTheFourServices(String overlay) {
        KubernetesManifests m = KustomizeRender.manifests(overlay);
        assertThat(m.ofKind("Deployment")).extracting(KubernetesManifests::name)
                .containsExactlyInAnyOrderElementsOf(ServiceSettings.SERVICES);
        assertThat(m.ofKind("Service")).extracting(KubernetesManifests::name).containsAll(ServiceSettings.SERVICES);
        assertThat(m.ofKind("Ingress")).hasSize(1);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everythingIsInTheNamespaceAndLabelledPartOfCodesynth(String overlay) {
        assertThat(KubernetesChecks.namespaceAndLabelProblems(KustomizeRender.manifests(overlay))).isEmpty();
    }

    @Test
    void devSecretsArePlaceholdersAndHoldOnlyTheKeysSha256() {
        KubernetesManifests dev = KustomizeRender.manifests("dev");
        assertThat(KubernetesChecks.secretProblems(dev, true)).isEmpty();
        assertThat(dev.ofKind("Secret")).extracting(KubernetesManifests::name)
                .containsExactlyInAnyOrder("codesynth-database", "codesynth-api-keys");
        assertThat(dev.secret("codesynth-api-keys").orElseThrow().keys()).containsExactlyInAnyOrder("tenant", "key-sha256");
    }

    @Test
    void productionContainsNoSecretAndDocumentsEachOneItUses() {
        KubernetesManifests production = KustomizeRender.manifests("production");
        assertThat(KubernetesChecks.secretProblems(production, false)).isEmpty();
        List<SecretInfo> documented = KubernetesChecks.documentedSecrets(
                KustomizeRender.k8s().resolve("overlays/production/README.md"));
        assertThat(documented).extracting(SecretInfo::name)
                .containsExactlyInAnyOrder("codesynth-api-keys", "codesynth-gateway-tls");
        assertThat(documented.stream().filter(s -> s.name().equals("codesynth-api-keys")).findFirst().orElseThrow().keys())
                .containsExactlyInAnyOrder("tenant", "key-sha256");
        // each documented Secret is used, so the README cannot drift into listing Secrets nobody reads
        Set<String> used = production.containers().stream()
                .flatMap(c -> list(c.container().get("env")).stream())
                .map(e -> (String) at(map(e), "valueFrom.secretKeyRef.name")).filter(n -> n != null)
                .collect(Collectors.toSet());
        production.ofKind("Ingress").forEach(i -> list(at(i, "spec.tls")).forEach(t -> used.add((String) map(t).get("secretName"))));
        assertThat(used).containsAll(documented.stream().map(SecretInfo::name).toList());
    }

    @Test
    void productionReadsTheDatabaseLoginFromCloudNativePgsSecret() {
        KubernetesManifests production = KustomizeRender.manifests("production");
        for (String service : List.of("gateway-service", "results-service")) {
            Container container = production.serviceContainer(service).orElseThrow();
            Map<String, Object> env = production.environment(container).stream()
                    .filter(v -> v.name().equals("SPRING_DATASOURCE_PASSWORD")).findFirst().orElseThrow().valueFrom();
            assertThat(at(env, "secretKeyRef.name")).isEqualTo("codesynth-pg-app");
        }
    }
}
