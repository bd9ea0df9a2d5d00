package io.codesynth.deployment;

import static io.codesynth.deployment.KubernetesManifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.codesynth.deployment.KubernetesManifests.Container;
import io.codesynth.deployment.KubernetesManifests.EnvVar;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The environment variables that k8s/ and docker-compose.yml give the four services are settings those services
 * really have ({@link ServiceSettings}: Spring Boot's relaxed binding against each service's yml), and each one is
 * documented in README.md.
 */
class ServiceEnvironmentTest {

    @Test
    void theKubernetesDeploymentsSetOnlySettingsTheServicesBind() {
        List<String> problems = new ArrayList<>();
        for (String overlay : KustomizeRender.OVERLAYS) {
            KubernetesManifests m = KustomizeRender.manifests(overlay);
            for (Map.Entry<String, Set<String>> entry : kubernetesVariables(m).entrySet()) {
                ServiceSettings settings = ServiceSettings.of(entry.getKey());
                for (String variable : entry.getValue()) {
                    settings.problem(variable).ifPresent(p -> problems.add("k8s/overlays/" + overlay + ": " + p));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void dockerComposeSetsOnlySettingsTheServicesBind() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Set<String>>> compose = composeVariables();
        assertThat(compose.keySet()).as("compose services that run a CodeSynth service")
                .containsAll(ServiceSettings.SERVICES);
        for (Map.Entry<String, Map<String, Set<String>>> service : compose.entrySet()) {
            ServiceSettings settings = ServiceSettings.of(service.getKey());
            service.getValue().forEach((composeName, variables) -> variables.forEach(variable -> settings.problem(variable)
                    .ifPresent(p -> problems.add("docker-compose.yml services." + composeName + ": " + p))));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(ServiceSettings.repositoryRoot().resolve("README.md"));
        Map<String, Set<String>> whereUsed = new TreeMap<>();
        for (String overlay : KustomizeRender.OVERLAYS) {
            kubernetesVariables(KustomizeRender.manifests(overlay)).values().forEach(vs -> vs.forEach(
                    v -> whereUsed.computeIfAbsent(v, k -> new TreeSet<>()).add("k8s/overlays/" + overlay)));
        }
        if (Files.isRegularFile(composeFile())) {
            composeVariables().values().forEach(byName -> byName.values().forEach(vs -> vs.forEach(
                    v -> whereUsed.computeIfAbsent(v, k -> new TreeSet<>()).add("docker-compose.yml"))));
        }
        List<String> undocumented = whereUsed.entrySet().stream()
                .filter(e -> !Pattern.compile("(?<![A-Z0-9_])" + Pattern.quote(e.getKey()) + "(?![A-Z0-9_])").matcher(readme).find())
                .map(e -> e.getKey() + " (set in " + String.join(", ", e.getValue()) + ")").toList();
        assertThat(undocumented).as("environment variables missing from README.md's configuration table").isEmpty();
    }

    /** Per CodeSynth service, the names of the environment variables its containers get (env and envFrom). */
    static Map<String, Set<String>> kubernetesVariables(KubernetesManifests m) {
        Map<String, Set<String>> variables = new TreeMap<>();
        for (Container container : m.serviceContainers()) {
            Set<String> names = variables.computeIfAbsent(container.service().orElseThrow(), k -> new TreeSet<>());
            m.environment(container).stream().map(EnvVar::name).forEach(names::add);
        }
        return variables;
    }

    static Path composeFile() {
        return ServiceSettings.repositoryRoot().resolve("docker-compose.yml");
    }

    /**
     * Per CodeSynth service, per compose service that runs it, the names in services.NAME.environment. A compose
     * service runs a CodeSynth service when its build target or image names it, or its name starts with it
     * (generation-worker-gpu).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Set<String>>> composeVariables() {
        Path file = composeFile();
        if (!Files.isRegularFile(file)) {
            return fail("docker-compose.yml does not exist (yet) at " + file
                    + ": its services' environment cannot be checked against the services' settings");
        }
        Object document;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(options)).load(reader);
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + e);
        }
        Map<String, Map<String, Set<String>>> result = new TreeMap<>();
        map(map(document).get("services")).forEach((composeName, definition) -> {
            Map<String, Object> service = map(definition);
            codesynthService(composeName, service).ifPresent(codesynth -> {
                Set<String> names = new TreeSet<>();
                Object environment = service.get("environment");
                if (environment instanceof Map<?, ?> env) {
                    env.keySet().forEach(k -> names.add(k.toString()));
                } else if (environment instanceof List<?> env) {
                    env.forEach(entry -> names.add(entry.toString().split("=", 2)[0]));
                }
                names.remove("<<");
                result.computeIfAbsent(codesynth, k -> new LinkedHashMap<>()).put(composeName, names);
            });
        });
        return result;
    }

    private static Optional<String> codesynthService(String composeName, Map<String, Object> service) {
        Object build = service.get("build");
        String target = build instanceof Map<?, ?> b ? Objects.toString(((Map<?, ?>) b).get("target"), "") : "";
        String image = Objects.toString(service.get("image"), "");
        for (String name : ServiceSettings.SERVICES) {
            if (target.equals(name) || image.matches("(.*/)?codesynth/" + Pattern.quote(name) + "(:.*)?")
                    || composeName.equals(name) || composeName.startsWith(name + "-")) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
