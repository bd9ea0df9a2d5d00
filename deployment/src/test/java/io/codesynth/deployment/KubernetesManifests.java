package io.codesynth.deployment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A rendered overlay as plain maps, with the look-ups the checks need: documents by kind and name, the pods'
 * containers and their effective environment, label selectors, and the Services and Secrets that operators create
 * for their custom resources (derived from those resources' names, never listed by hand).
 */
final class KubernetesManifests {

    /** One container of a workload, with its pod spec. */
    record Container(String workload, String kind, Map<String, Object> workloadDoc, Map<String, Object> podSpec,
            Map<String, Object> container, boolean init) {

        String name() {
            return (String) container.get("name");
        }

        String where() {
            return kind + "/" + workload + " container " + name();
        }

        /** The CodeSynth service this container runs (app.kubernetes.io/name of its pod), or empty. */
        Optional<String> service() {
            Object name = labels(podTemplateOf(workloadDoc)).get("app.kubernetes.io/name");
            return ServiceSettings.SERVICES.contains(name) && ServiceSettings.SERVICES.contains(name())
                    ? Optional.of((String) name) : Optional.empty();
        }
    }

    /** One environment variable of a container: from env (value or valueFrom) or from an envFrom ConfigMap. */
    record EnvVar(String name, String value, Map<String, Object> valueFrom, String origin) {
    }

    /** A Service as clients see it: name and ports (name to port), real or created by an operator. */
    record ServiceInfo(String name, Map<String, Integer> ports, boolean generated, String generatedBy) {
    }

    /** A Secret's keys, real, created by an operator for a custom resource, or documented as operator-created. */
    record SecretInfo(String name, Set<String> keys, String origin) {
    }

    private final String overlay;
    private final List<Map<String, Object>> documents;
    private final Map<String, SecretInfo> externalSecrets;

    KubernetesManifests(String overlay, List<Map<String, Object>> documents, Collection<SecretInfo> externalSecrets) {
        this.overlay = overlay;
        this.documents = List.copyOf(documents);
        Map<String, SecretInfo> external = new LinkedHashMap<>();
        externalSecrets.forEach(secret -> external.put(secret.name(), secret));
        this.externalSecrets = external;
    }

    String overlay() {
        return overlay;
    }

    List<Map<String, Object>> documents() {
        return documents;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    List<Map<String, Object>> workloads() {
        return documents.stream().filter(d -> "Deployment".equals(d.get("kind")) || "StatefulSet".equals(d.get("kind")))
                .toList();
    }

    List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        for (Map<String, Object> workload : workloads()) {
            Map<String, Object> pod = map(podTemplateOf(workload).get("spec"));
            for (String field : List.of("initContainers", "containers")) {
                for (Object c : list(pod.get(field))) {
                    containers.add(new Container(name(workload), (String) workload.get("kind"), workload, pod, map(c),
                            field.equals("initContainers")));
                }
            }
        }
        return containers;
    }

    /** The containers that run one of the four CodeSynth services. */
    List<Container> serviceContainers() {
        return containers().stream().filter(c -> !c.init() && c.service().isPresent()).toList();
    }

    /** A container's environment: its env entries and the keys of the ConfigMaps and Secrets of its envFrom. */
    List<EnvVar> environment(Container container) {
        List<EnvVar> variables = new ArrayList<>();
        for (Object from : list(container.container().get("envFrom"))) {
            Map<String, Object> source = map(from);
            String prefix = Objects.toString(source.get("prefix"), "");
            Map<String, Object> configMapRef = map(source.get("configMapRef"));
            if (!configMapRef.isEmpty()) {
                Map<String, Object> configMap = find("ConfigMap", (String) configMapRef.get("name")).orElse(Map.of());
                map(configMap.get("data")).forEach((key, value) -> variables.add(
                        new EnvVar(prefix + key, Objects.toString(value, null), null, "ConfigMap " + configMapRef.get("name"))));
            }
            Map<String, Object> secretRef = map(source.get("secretRef"));
            if (!secretRef.isEmpty()) {
                secret((String) secretRef.get("name")).ifPresent(secret -> secret.keys().forEach(key -> variables.add(
                        new EnvVar(prefix + key, null, Map.of(), "Secret " + secret.name()))));
            }
        }
        for (Object e : list(container.container().get("env"))) {
            Map<String, Object> env = map(e);
            variables.add(new EnvVar((String) env.get("name"), env.get("value") == null ? null : env.get("value").toString(),
                    env.get("valueFrom") == null ? null : map(env.get("valueFrom")), "env"));
        }
        return variables;
    }

    /** The value of one environment variable of a container, when it is a literal (env or ConfigMap). */
    Optional<String> envValue(Container container, String name) {
        String value = null;
        for (EnvVar variable : environment(container)) {
            if (variable.name().equals(name)) {
                value = variable.value(); // env overrides envFrom, and later entries earlier ones
            }
        }
        return Optional.ofNullable(value);
    }

    Optional<Container> serviceContainer(String service) {
        return serviceContainers().stream().filter(c -> c.service().orElseThrow().equals(service)).findFirst();
    }

    /** Every Service clients may address: rendered ones and those Strimzi and CloudNativePG create. */
    Map<String, ServiceInfo> services() {
        Map<String, ServiceInfo> services = new LinkedHashMap<>();
        for (Map<String, Object> service : ofKind("Service")) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object p : list(at(service, "spec.ports"))) {
                Map<String, Object> port = map(p);
                ports.put(Objects.toString(port.get("name"), ""), ((Number) port.get("port")).intValue());
            }
            services.put(name(service), new ServiceInfo(name(service), ports, false, null));
        }
        for (Map<String, Object> kafka : ofKind("Kafka")) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object l : list(at(kafka, "spec.kafka.listeners"))) {
                Map<String, Object> listener = map(l);
                if (listener.get("port") instanceof Number port) {
                    ports.put(Objects.toString(listener.get("name")), port.intValue());
                }
            }
            for (String suffix : List.of("-kafka-bootstrap", "-kafka-brokers")) {
                services.put(name(kafka) + suffix,
                        new ServiceInfo(name(kafka) + suffix, ports, true, "Strimzi for Kafka " + name(kafka)));
            }
        }
        for (Map<String, Object> cluster : ofKind("Cluster")) {
            for (String suffix : List.of("-rw", "-ro", "-r")) {
                services.put(name(cluster) + suffix, new ServiceInfo(name(cluster) + suffix, Map.of("postgres", 5432),
                        true, "CloudNativePG for Cluster " + name(cluster)));
            }
        }
        return services;
    }

    /** The keys of CloudNativePG's generated `<cluster>-app` Secret. */
    static final Set<String> CNPG_APP_SECRET_KEYS = Set.of("username", "user", "password", "host", "port", "dbname",
            "pgpass", "uri", "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri");

    /** A Secret by name: rendered, created by CloudNativePG for a Cluster, or documented as operator-created. */
    Optional<SecretInfo> secret(String name) {
        for (Map<String, Object> secret : ofKind("Secret")) {
            if (name.equals(name(secret))) {
                Set<String> keys = new LinkedHashSet<>(map(secret.get("data")).keySet());
                keys.addAll(map(secret.get("stringData")).keySet());
                return Optional.of(new SecretInfo(name, keys, "rendered"));
            }
        }
        for (Map<String, Object> cluster : ofKind("Cluster")) {
            if (name.equals(name(cluster) + "-app")) {
                return Optional.of(new SecretInfo(name, CNPG_APP_SECRET_KEYS, "CloudNativePG for Cluster " + name(cluster)));
            }
        }
        return Optional.ofNullable(externalSecrets.get(name));
    }

    /** The number of the named or numbered port on a Service, or empty. */
    static Optional<Integer> port(ServiceInfo service, Object port) {
        if (port instanceof Number number) {
            return service.ports().containsValue(number.intValue()) ? Optional.of(number.intValue()) : Optional.empty();
        }
        return Optional.ofNullable(service.ports().get(Objects.toString(port)));
    }

    // ---- generic helpers ----

    static String name(Map<String, Object> document) {
        return (String) map(document.get("metadata")).get("name");
    }

    static String namespace(Map<String, Object> document) {
        return (String) map(document.get("metadata")).get("namespace");
    }

    static Map<String, Object> labels(Map<String, Object> document) {
        return map(map(document.get("metadata")).get("labels"));
    }

    static Map<String, Object> podTemplateOf(Map<String, Object> workload) {
        return map(at(workload, "spec.template"));
    }

    /** The value at a dotted path of maps (no lists), or null. */
    static Object at(Map<String, Object> document, String path) {
        Object current = document;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object value) {
        return value instanceof List<?> l ? List.copyOf(l.stream().map(Object.class::cast).toList()) : List.of();
    }

    /** Whether a label selector (a plain map, or matchLabels + matchExpressions) selects these labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels, boolean labelSelector) {
        Map<String, Object> matchLabels = labelSelector ? map(selector.get("matchLabels")) : selector;
        for (Map.Entry<String, Object> entry : matchLabels.entrySet()) {
            if (!Objects.equals(Objects.toString(entry.getValue()), labels.get(entry.getKey()) == null
                    ? null : labels.get(entry.getKey()).toString())) {
                return false;
            }
        }
        if (labelSelector) {
            for (Object e : list(selector.get("matchExpressions"))) {
                Map<String, Object> expression = map(e);
                Object value = labels.get(expression.get("key"));
                List<String> values = list(expression.get("values")).stream().map(Object::toString).toList();
                boolean ok = switch (Objects.toString(expression.get("operator"))) {
                    case "In" -> value != null && values.contains(value.toString());
                    case "NotIn" -> value == null || !values.contains(value.toString());
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isEmptySelector(Map<String, Object> selector) {
        return map(selector.get("matchLabels")).isEmpty() && list(selector.get("matchExpressions")).isEmpty();
    }
}
