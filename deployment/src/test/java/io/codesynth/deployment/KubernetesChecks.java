package io.codesynth.deployment;

import static io.codesynth.deployment.KubernetesManifests.at;
import static io.codesynth.deployment.KubernetesManifests.isEmptySelector;
import static io.codesynth.deployment.KubernetesManifests.labels;
import static io.codesynth.deployment.KubernetesManifests.list;
import static io.codesynth.deployment.KubernetesManifests.map;
import static io.codesynth.deployment.KubernetesManifests.name;
import static io.codesynth.deployment.KubernetesManifests.namespace;
import static io.codesynth.deployment.KubernetesManifests.podTemplateOf;
import static io.codesynth.deployment.KubernetesManifests.selects;

import io.codesynth.deployment.KubernetesManifests.Container;
import io.codesynth.deployment.KubernetesManifests.EnvVar;
import io.codesynth.deployment.KubernetesManifests.SecretInfo;
import io.codesynth.deployment.KubernetesManifests.ServiceInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of a rendered overlay that hold for any overlay. Each returns the problems it finds (empty when all is
 * well) so that the tests can report every problem at once, and so that {@code KubernetesChecksSelfTest} can show
 * that each check fails on a broken manifest.
 */
final class KubernetesChecks {

    private KubernetesChecks() {
    }

    // ---- schemas ----

    /** Every document parses strictly against its schema: fabric8's model, or the custom resources' rules. */
    static List<String> schemaProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> document : m.documents()) {
            String id = KubernetesSchema.typeOf(document) + " " + name(document);
            if (KubernetesSchema.isBuiltIn(document)) {
                String problem = KubernetesSchema.problem(document);
                if (problem != null) {
                    problems.add(id + ": " + problem);
                }
            } else if (!KubernetesCustomResources.RULES.containsKey(KubernetesSchema.typeOf(document))) {
                problems.add(id + ": neither a built-in kind with a schema here ("
                        + KubernetesSchema.BUILT_IN.keySet() + ") nor a custom resource with rules ("
                        + KubernetesCustomResources.RULES.keySet() + ")");
            }
        }
        problems.addAll(KubernetesCustomResources.problems(m));
        return problems;
    }

    /** Namespaced documents are in namespace codesynth, cluster-scoped ones in none; all carry part-of. */
    static List<String> namespaceAndLabelProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> document : m.documents()) {
            String id = document.get("kind") + " " + name(document);
            boolean clusterScoped = KubernetesSchema.CLUSTER_SCOPED.contains(document.get("kind"));
            if (clusterScoped && namespace(document) != null) {
                problems.add(id + " is cluster-scoped but has namespace " + namespace(document));
            }
            if (!clusterScoped && !KustomizeRender.NAMESPACE.equals(namespace(document))) {
                problems.add(id + " is in namespace " + namespace(document) + ", not " + KustomizeRender.NAMESPACE);
            }
            if (!"codesynth".equals(labels(document).get("app.kubernetes.io/part-of"))) {
                problems.add(id + " lacks label app.kubernetes.io/part-of: codesynth");
            }
        }
        for (Map<String, Object> workload : m.workloads()) {
            Map<String, Object> podLabels = labels(podTemplateOf(workload));
            if (podLabels.get("app.kubernetes.io/name") == null || !"codesynth".equals(podLabels.get("app.kubernetes.io/part-of"))) {
                problems.add(workload.get("kind") + " " + name(workload)
                        + ": its pods lack app.kubernetes.io/name or app.kubernetes.io/part-of: codesynth");
            }
        }
        return problems;
    }

    // ---- selectors ----

    /** Selectors select something: Services, workloads, PodDisruptionBudgets, NetworkPolicies. */
    static List<String> selectorProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> workloads = m.workloads();
        for (Map<String, Object> service : m.ofKind("Service")) {
            Map<String, Object> selector = map(at(service, "spec.selector"));
            if (selector.isEmpty()) {
                problems.add("Service " + name(service) + " has no selector");
                continue;
            }
            List<Map<String, Object>> selected = workloads.stream()
                    .filter(w -> selects(selector, labels(podTemplateOf(w)), false)).toList();
            if (selected.isEmpty()) {
                problems.add("Service " + name(service) + ": selector " + selector
                        + " matches the pod template labels of no Deployment or StatefulSet");
            }
            for (Object p : list(at(service, "spec.ports"))) {
                Object target = map(p).get("targetPort");
                for (Map<String, Object> workload : selected) {
                    if (target != null && !hasContainerPort(workload, target)) {
                        problems.add("Service " + name(service) + ": targetPort " + target + " is no container port of "
                                + workload.get("kind") + " " + name(workload));
                    }
                }
            }
        }
        for (Map<String, Object> workload : workloads) {
            Map<String, Object> selector = map(at(workload, "spec.selector"));
            if (isEmptySelector(selector) || !selects(selector, labels(podTemplateOf(workload)), true)) {
                problems.add(workload.get("kind") + " " + name(workload) + ": spec.selector " + selector
                        + " does not select its own pod template");
            }
            if ("StatefulSet".equals(workload.get("kind"))) {
                String serviceName = (String) at(workload, "spec.serviceName");
                Optional<Map<String, Object>> headless = serviceName == null ? Optional.empty()
                        : m.find("Service", serviceName);
                if (headless.isEmpty() || !"None".equals(at(headless.get(), "spec.clusterIP"))) {
                    problems.add("StatefulSet " + name(workload) + ": serviceName " + serviceName
                            + " is no headless Service (clusterIP: None)");
                }
            }
        }
        for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
            for (Map<String, Object> document : m.ofKind(kind)) {
                Map<String, Object> selector = map(at(document, kind.equals("NetworkPolicy") ? "spec.podSelector" : "spec.selector"));
                if (isEmptySelector(selector)
                        || workloads.stream().noneMatch(w -> selects(selector, labels(podTemplateOf(w)), true))) {
                    problems.add(kind + " " + name(document) + ": selector " + selector + " selects no workload's pods");
                }
            }
        }
        for (Map<String, Object> workload : m.ofKind("Deployment")) {
            boolean covered = m.ofKind("PodDisruptionBudget").stream()
                    .anyMatch(pdb -> selects(map(at(pdb, "spec.selector")), labels(podTemplateOf(workload)), true));
            if (!covered) {
                problems.add("Deployment " + name(workload) + " has no PodDisruptionBudget");
            }
        }
        return problems;
    }

    private static boolean hasContainerPort(Map<String, Object> workload, Object port) {
        for (Object c : list(at(podTemplateOf(workload), "spec.containers"))) {
            for (Object p : list(map(c).get("ports"))) {
                Map<String, Object> containerPort = map(p);
                if (port instanceof Number n ? Objects.equals(containerPort.get("containerPort"), n.intValue())
                        : Objects.equals(containerPort.get("name"), port)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- references ----

    private static final Pattern URL = Pattern.compile("^(?:jdbc:)?(postgresql|https?)://([^/:?#]+)(?::(\\d+))?(/[^?#]*)?");

    /**
     * Every Secret, ConfigMap, Service and RuntimeClass that something refers to exists in the overlay (or is
     * created by an operator for a custom resource of the overlay, or is documented as created by the operator):
     * env valueFrom, envFrom, volumes, Ingress backends and TLS, ScaledObject targets, and hosts in env values
     * (http://host:port, jdbc:postgresql://host:port/db, *_BOOTSTRAP_SERVERS host:port lists).
     */
    static List<String> referenceProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        Map<String, ServiceInfo> services = m.services();
        for (Container container : m.containers()) {
            String where = container.where();
            for (Object f : list(container.container().get("envFrom"))) {
                Map<String, Object> from = map(f);
                String configMap = (String) map(from.get("configMapRef")).get("name");
                if (configMap != null && m.find("ConfigMap", configMap).isEmpty()) {
                    problems.add(where + ": envFrom ConfigMap " + configMap + " does not exist");
                }
                String secret = (String) map(from.get("secretRef")).get("name");
                if (secret != null && m.secret(secret).isEmpty()) {
                    problems.add(where + ": envFrom Secret " + secret + " does not exist");
                }
            }
            for (EnvVar variable : m.environment(container)) {
                String at = where + " env " + variable.name();
                if (variable.valueFrom() != null) {
                    Map<String, Object> secretRef = map(variable.valueFrom().get("secretKeyRef"));
                    if (!secretRef.isEmpty()) {
                        String name = (String) secretRef.get("name");
                        Optional<SecretInfo> secret = m.secret(name);
                        if (secret.isEmpty()) {
                            problems.add(at + ": Secret " + name + " does not exist in the overlay, is created by no "
                                    + "operator for its resources, and is not documented as created by the operator");
                        } else if (!secret.get().keys().contains(secretRef.get("key"))) {
                            problems.add(at + ": Secret " + name + " (" + secret.get().origin() + ") has no key "
                                    + secretRef.get("key") + " (keys: " + secret.get().keys() + ")");
                        }
                    }
                    Map<String, Object> configMapRef = map(variable.valueFrom().get("configMapKeyRef"));
                    if (!configMapRef.isEmpty()) {
                        Optional<Map<String, Object>> configMap = m.find("ConfigMap", (String) configMapRef.get("name"));
                        if (configMap.isEmpty() || !map(configMap.get().get("data")).containsKey(configMapRef.get("key"))) {
                            problems.add(at + ": ConfigMap " + configMapRef.get("name") + " key " + configMapRef.get("key")
                                    + " does not exist");
                        }
                    }
                }
                if (variable.value() != null) {
                    problems.addAll(hostProblems(at, variable.name(), variable.value(), services, false));
                }
            }
        }
        for (Map<String, Object> workload : m.workloads()) {
            Map<String, Object> pod = map(podTemplateOf(workload).get("spec"));
            String where = workload.get("kind") + " " + name(workload);
            for (Object v : list(pod.get("volumes"))) {
                Map<String, Object> volume = map(v);
                List<Map<String, Object>> sources = new ArrayList<>(List.of(volume));
                list(at(volume, "projected.sources")).forEach(s -> sources.add(map(s)));
                for (Map<String, Object> source : sources) {
                    String secret = (String) map(source.get("secret")).get(source == volume ? "secretName" : "name");
                    if (secret != null && m.secret(secret).isEmpty()) {
                        problems.add(where + " volume " + volume.get("name") + ": Secret " + secret + " does not exist");
                    }
                    String configMap = (String) map(source.get("configMap")).get("name");
                    if (configMap != null && m.find("ConfigMap", configMap).isEmpty()) {
                        problems.add(where + " volume " + volume.get("name") + ": ConfigMap " + configMap + " does not exist");
                    }
                    String claim = (String) map(source.get("persistentVolumeClaim")).get("claimName");
                    if (claim != null && m.find("PersistentVolumeClaim", claim).isEmpty()) {
                        problems.add(where + " volume " + volume.get("name") + ": PersistentVolumeClaim " + claim
                                + " does not exist");
                    }
                }
            }
            for (Object s : list(pod.get("imagePullSecrets"))) {
                String secret = (String) map(s).get("name");
                if (m.secret(secret).isEmpty()) {
                    problems.add(where + ": imagePullSecret " + secret + " does not exist");
                }
            }
            String runtimeClass = (String) pod.get("runtimeClassName");
            if (runtimeClass != null && m.find("RuntimeClass", runtimeClass).isEmpty()) {
                problems.add(where + ": RuntimeClass " + runtimeClass + " does not exist");
            }
            String serviceAccount = (String) pod.get("serviceAccountName");
            if (serviceAccount != null && m.find("ServiceAccount", serviceAccount).isEmpty()) {
                problems.add(where + ": ServiceAccount " + serviceAccount + " does not exist");
            }
        }
        for (Map<String, Object> ingress : m.ofKind("Ingress")) {
            List<Map<String, Object>> backends = new ArrayList<>();
            if (at(ingress, "spec.defaultBackend") != null) {
                backends.add(map(at(ingress, "spec.defaultBackend")));
            }
            for (Object r : list(at(ingress, "spec.rules"))) {
                for (Object p : list(at(map(r), "http.paths"))) {
                    backends.add(map(map(p).get("backend")));
                }
            }
            for (Map<String, Object> backend : backends) {
                String serviceName = (String) at(backend, "service.name");
                Map<String, Object> port = map(at(backend, "service.port"));
                Object portRef = port.containsKey("name") ? port.get("name") : port.get("number");
                ServiceInfo service = services.get(serviceName);
                if (service == null) {
                    problems.add("Ingress " + name(ingress) + ": backend Service " + serviceName + " does not exist");
                } else if (KubernetesManifests.port(service, portRef).isEmpty()) {
                    problems.add("Ingress " + name(ingress) + ": Service " + serviceName + " has no port " + portRef);
                }
            }
            for (Object t : list(at(ingress, "spec.tls"))) {
                String secret = (String) map(t).get("secretName");
                if (secret != null && m.secret(secret).isEmpty()) {
                    problems.add("Ingress " + name(ingress) + ": TLS Secret " + secret + " does not exist and is not "
                            + "documented as created by the operator");
                }
            }
        }
        return problems;
    }

    /**
     * Problems with the hosts an env value (or a custom resource's setting) names: each must be a Service of the
     * overlay or one an operator creates for it, on one of its ports. {@code external} marks a reader outside the
     * namespace (KEDA's operator), which needs {@code <service>.<namespace>.svc}.
     */
    static List<String> hostProblems(String at, String name, String value, Map<String, ServiceInfo> services,
            boolean external) {
        List<String> problems = new ArrayList<>();
        List<String[]> hostPorts = new ArrayList<>();
        Matcher url = URL.matcher(value);
        if (url.find()) {
            String port = url.group(3) != null ? url.group(3)
                    : switch (url.group(1)) {
                        case "postgresql" -> "5432";
                        case "https" -> "443";
                        default -> "80";
                    };
            hostPorts.add(new String[] {url.group(2), port});
        } else if (name.endsWith("BOOTSTRAP_SERVERS") || name.equals("bootstrapServers")) {
            for (String server : value.split(",")) {
                String[] hostPort = server.trim().split(":");
                if (hostPort.length != 2) {
                    problems.add(at + ": " + server + " is not host:port");
                } else {
                    hostPorts.add(hostPort);
                }
            }
        }
        for (String[] hostPort : hostPorts) {
            String host = hostPort[0];
            String[] parts = host.split("\\.");
            if (host.equals("localhost") || host.startsWith("127.")) {
                problems.add(at + ": " + host + " is the pod itself, not another service");
                continue;
            }
            String namespace = parts.length > 1 ? parts[1] : null;
            boolean qualified = parts.length == 3 && parts[2].equals("svc")
                    || parts.length == 5 && host.endsWith(".svc.cluster.local");
            if (parts.length > 1 && !qualified && parts.length != 2) {
                problems.add(at + ": " + host + " is no Service name (service, service.namespace, service.namespace.svc)");
                continue;
            }
            if (namespace != null && !namespace.equals(KustomizeRender.NAMESPACE)) {
                problems.add(at + ": " + host + " names namespace " + namespace + ", not " + KustomizeRender.NAMESPACE);
            }
            if (external && !qualified) {
                problems.add(at + ": " + host + " must be namespace-qualified (" + parts[0] + "." + KustomizeRender.NAMESPACE
                        + ".svc): it is resolved from the operator's own namespace");
            }
            ServiceInfo service = services.get(parts[0]);
            if (service == null) {
                problems.add(at + ": host " + host + " is no Service of the overlay, nor one an operator creates for it"
                        + " (Services: " + services.keySet() + ")");
            } else if (!service.ports().containsValue(Integer.parseInt(hostPort[1]))) {
                problems.add(at + ": Service " + parts[0] + " has no port " + hostPort[1] + " (ports: " + service.ports() + ")");
            }
        }
        return problems;
    }

    /** The database name of a jdbc:postgresql:// URL. */
    static Optional<String> database(String jdbcUrl) {
        Matcher url = URL.matcher(jdbcUrl);
        return url.find() && url.group(4) != null ? Optional.of(url.group(4).substring(1)) : Optional.empty();
    }

    // ---- containers ----

    /**
     * Every container has requests and limits of cpu and memory (requests within limits); every long-running
     * container has a liveness and a readiness probe. The CodeSynth containers probe Spring Boot's liveness and
     * readiness groups on their port `http`, which is the service's server.port, the generation worker has a
     * startupProbe (it loads a model), and the JVM heap options are set.
     */
    static List<String> containerProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (Container container : m.containers()) {
            String where = container.where();
            Map<String, Object> resources = map(container.container().get("resources"));
            for (String resource : List.of("cpu", "memory")) {
                Object request = map(resources.get("requests")).get(resource);
                Object limit = map(resources.get("limits")).get(resource);
                if (request == null || limit == null) {
                    problems.add(where + ": resources.requests and resources.limits need " + resource);
                } else if (amount(request).compareTo(amount(limit)) > 0) {
                    problems.add(where + ": " + resource + " request " + request + " exceeds its limit " + limit);
                }
            }
            if (container.init()) {
                continue;
            }
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                if (!(container.container().get(probe) instanceof Map<?, ?>)) {
                    problems.add(where + " has no " + probe);
                }
            }
        }
        for (Container container : m.serviceContainers()) {
            String service = container.service().orElseThrow();
            String where = container.where();
            Object serverPort = ServiceSettings.of(service).value("server.port");
            Optional<Object> http = list(container.container().get("ports")).stream()
                    .filter(p -> "http".equals(map(p).get("name"))).map(p -> map(p).get("containerPort")).findFirst();
            if (http.isEmpty() || !Objects.equals(http.get(), serverPort)) {
                problems.add(where + ": container port `http` is " + http.orElse(null) + ", but " + service
                        + ".yml has server.port " + serverPort);
            }
            problems.addAll(probeProblems(where, container.container(), "livenessProbe", "/actuator/health/liveness"));
            problems.addAll(probeProblems(where, container.container(), "readinessProbe", "/actuator/health/readiness"));
            if (service.equals("generation-worker") && !(container.container().get("startupProbe") instanceof Map<?, ?>)) {
                problems.add(where + " has no startupProbe: loading a model takes minutes");
            }
            String javaOptions = m.envValue(container, "JAVA_TOOL_OPTIONS").orElse("");
            for (String option : List.of("-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError")) {
                if (!javaOptions.contains(option)) {
                    problems.add(where + ": JAVA_TOOL_OPTIONS lacks " + option);
                }
            }
        }
        return problems;
    }

    private static List<String> probeProblems(String where, Map<String, Object> container, String probe, String path) {
        Map<String, Object> httpGet = map(at(container, probe + ".httpGet"));
        if (!path.equals(httpGet.get("path")) || !"http".equals(httpGet.get("port"))) {
            return List.of(where + ": " + probe + " must be httpGet " + path + " on port `http`, is " + container.get(probe));
        }
        return List.of();
    }

    private static BigDecimal amount(Object quantity) {
        return new Quantity(quantity.toString()).getNumericalAmount();
    }

    // ---- images ----

    /** The CodeSynth containers run ghcr.io/codesynth/<service>:0.1.0. */
    static List<String> imageProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (Container container : m.serviceContainers()) {
            String expected = "ghcr.io/codesynth/" + container.service().orElseThrow() + ":0.1.0";
            if (!expected.equals(container.container().get("image"))) {
                problems.add(container.where() + ": image " + container.container().get("image") + ", expected " + expected);
            }
        }
        if (m.serviceContainers().stream().map(c -> c.service().orElseThrow()).distinct().count() != ServiceSettings.SERVICES.size()) {
            problems.add("the overlay does not run all of " + ServiceSettings.SERVICES);
        }
        return problems;
    }

    // ---- secrets ----

    /**
     * API keys appear only as SHA-256 (64 lower-case hex digits under a key naming sha256), no Secret holds a key
     * named like a raw API key, and the overlay's own Secrets are visibly placeholders.
     */
    static List<String> secretProblems(KubernetesManifests m, boolean placeholdersAllowed) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> secret : m.ofKind("Secret")) {
            if (!placeholdersAllowed) {
                problems.add("Secret " + name(secret) + ": this overlay must not contain Secrets; the operator creates "
                        + "them (documented in its README.md)");
            }
            Map<String, String> values = new java.util.LinkedHashMap<>();
            map(secret.get("data")).forEach((k, v) -> values.put(k, new String(
                    java.util.Base64.getMimeDecoder().decode(v.toString()), java.nio.charset.StandardCharsets.UTF_8)));
            map(secret.get("stringData")).forEach((k, v) -> values.put(k, v.toString()));
            for (Map.Entry<String, String> entry : values.entrySet()) {
                String key = entry.getKey().toLowerCase();
                if (key.contains("sha256")) {
                    if (!entry.getValue().matches("[0-9a-f]{64}")) {
                        problems.add("Secret " + name(secret) + " key " + entry.getKey() + " is not a lower-case hex SHA-256");
                    }
                } else if (key.matches(".*(api-?key|^key$|token).*")) {
                    problems.add("Secret " + name(secret) + " key " + entry.getKey()
                            + " looks like a raw API key: store only its SHA-256");
                } else if (key.contains("password") && !entry.getValue().matches(".*(dev|placeholder|change-?me).*")) {
                    problems.add("Secret " + name(secret) + " key " + entry.getKey()
                            + " is not an obvious placeholder (include dev / placeholder / change-me)");
                }
            }
        }
        return problems;
    }

    /**
     * The Secrets a README documents as created by the operator: every {@code kubectl ... create secret generic|tls
     * NAME} command in it, with the keys its {@code --from-literal=KEY=}/{@code --from-file=KEY=} options give
     * ({@code tls.crt}, {@code tls.key} for tls).
     */
    static List<SecretInfo> documentedSecrets(Path readme) {
        if (!Files.isRegularFile(readme)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(readme).replace("\\\n", " ");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + readme, e);
        }
        List<SecretInfo> secrets = new ArrayList<>();
        Matcher command = Pattern.compile("kubectl[^\\n]*?create secret (generic|tls|docker-registry) ([a-z0-9.-]+)([^\\n]*)")
                .matcher(text);
        while (command.find()) {
            Set<String> keys = new LinkedHashSet<>();
            switch (command.group(1)) {
                case "tls" -> keys.addAll(List.of("tls.crt", "tls.key"));
                case "docker-registry" -> keys.add(".dockerconfigjson");
                default -> {
                    Matcher key = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=").matcher(command.group(3));
                    while (key.find()) {
                        keys.add(key.group(1));
                    }
                }
            }
            secrets.add(new SecretInfo(command.group(2), keys, "created by the operator (" + readme.getFileName() + ")"));
        }
        return secrets;
    }
}
