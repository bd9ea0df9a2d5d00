package io.codesynth.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each rendered overlay: every document parses strictly against its schema, selectors select, references resolve,
 * containers have resources and probes, and the services run the released images.
 */
class KubernetesManifestsTest {

    static final List<String> OVERLAYS = KustomizeRender.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyDocumentParsesStrictlyAgainstItsSchema(String overlay) {
        assertThat(KubernetesChecks.schemaProblems(KustomizeRender.manifests(overlay))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void selectorsSelectPodsOfTheOverlay(String overlay) {
        assertThat(KubernetesChecks.selectorProblems(KustomizeRender.manifests(overlay))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyReferencedSecretConfigMapAndServiceExists(String overlay) {
        assertThat(KubernetesChecks.referenceProblems(KustomizeRender.manifests(overlay))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerHasResourcesAndProbes(String overlay) {
        assertThat(KubernetesChecks.containerProblems(KustomizeRender.manifests(overlay))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theServicesRunTheReleasedImages(String overlay) {
        assertThat(KubernetesChecks.imageProblems(KustomizeRender.manifests(overlay))).isEmpty();
    }

    /** The probes the Deployments use exist only where the service enables them (not only on Kubernetes). */
    @Test
    void everyServiceServesItsLivenessAndReadinessGroups() {
        List<String> problems = new ArrayList<>();
        for (String service : ServiceSettings.SERVICES) {
            Object enabled = ServiceSettings.of(service).value("management.endpoint.health.probes.enabled");
            if (!Boolean.TRUE.equals(enabled)) {
                problems.add(service + ".yml does not set management.endpoint.health.probes.enabled: true, so "
                        + "/actuator/health/liveness and /readiness exist only where Spring Boot detects Kubernetes");
            }
        }
        assertThat(problems).isEmpty();
    }
}
