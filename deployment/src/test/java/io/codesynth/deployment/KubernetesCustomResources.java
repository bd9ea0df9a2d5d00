package io.codesynth.deployment;

import static io.codesynth.deployment.KubernetesManifests.at;
import static io.codesynth.deployment.KubernetesManifests.labels;
import static io.codesynth.deployment.KubernetesManifests.list;
import static io.codesynth.deployment.KubernetesManifests.map;
import static io.codesynth.deployment.KubernetesManifests.name;

import io.codesynth.deployment.KubernetesManifests.Container;
import io.codesynth.deployment.KubernetesManifests.ServiceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for the custom resources of the operators the production overlay relies on (Strimzi, CloudNativePG, KEDA,
 * Prometheus Operator): their CRDs are not available offline, so each kind has the fields it needs checked, its
 * spec's top-level fields limited to those its CRD defines (a misspelt field fails), and its references to other
 * documents resolved. The consumer groups and topics come from the services' source ({@link KubernetesPipelineSource}).
 */
final class KubernetesCustomResources {

    /** apiVersion/kind to the fields its CRD allows at the top of spec. */
    static final Map<String, Set<String>> RULES = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", Set.of("kafka", "zookeeper", "entityOperator", "clusterCa", "clientsCa",
                    "cruiseControl", "kafkaExporter", "maintenanceTimeWindows", "jmxTrans"),
            "kafka.strimzi.io/v1beta2/KafkaNodePool", Set.of("replicas", "roles", "storage", "resources", "jvmOptions",
                    "template"),
            "kafka.strimzi.io/v1beta2/KafkaTopic", Set.of("partitions", "replicas", "config", "topicName"),
            "postgresql.cnpg.io/v1/Cluster", Set.of("instances", "imageName", "imageCatalogRef", "imagePullPolicy",
                    "primaryUpdateStrategy", "primaryUpdateMethod", "bootstrap", "storage", "walStorage", "resources",
                    "affinity", "postgresql", "backup", "monitoring", "superuserSecret", "enableSuperuserAccess",
                    "managed", "replica", "externalClusters", "description", "inheritedMetadata", "startDelay",
                    "stopDelay", "smartShutdownTimeout", "switchoverDelay", "failoverDelay", "logLevel", "certificates",
                    "env", "envFrom", "minSyncReplicas", "maxSyncReplicas", "replicationSlots", "priorityClassName",
                    "schedulerName", "serviceAccountTemplate", "topologySpreadConstraints", "tablespaces", "plugins",
                    "probes", "projectedVolumeTemplate", "ephemeralVolumeSource", "ephemeralVolumesSizeLimit",
                    "seccompProfile", "podSecurityContext", "securityContext", "enablePDB", "postgresUID",
                    "postgresGID"),
            "keda.sh/v1alpha1/ScaledObject", Set.of("scaleTargetRef", "minReplicaCount", "maxReplicaCount",
                    "idleReplicaCount", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "advanced",
                    "triggers", "fallback"),
            "monitoring.coreos.com/v1/ServiceMonitor", Set.of("selector", "namespaceSelector", "endpoints", "jobLabel",
                    "targetLabels", "podTargetLabels", "sampleLimit", "targetLimit", "labelLimit", "labelNameLengthLimit",
                    "labelValueLengthLimit", "attachMetadata", "scrapeProtocols", "scrapeClass", "bodySizeLimit",
                    "keepDroppedTargets", "fallbackScrapeProtocol"));

    private static final Set<String> LISTENER_TYPES =
            Set.of("internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip");

    private KubernetesCustomResources() {
    }

    static List<String> problems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> document : m.documents()) {
            Set<String> allowed = RULES.get(KubernetesSchema.typeOf(document));
            if (allowed == null) {
                continue;
            }
            String id = document.get("kind") + " " + name(document);
            Set<String> extra = new java.util.TreeSet<>(map(document.get("spec")).keySet());
            extra.removeAll(allowed);
            if (!map(document.get("spec")).isEmpty() && !extra.isEmpty()) {
                problems.add(id + ": spec fields its CRD does not have: " + extra);
            }
            Set<String> top = new java.util.TreeSet<>(document.keySet());
            top.removeAll(Set.of("apiVersion", "kind", "metadata", "spec"));
            if (!top.isEmpty()) {
                problems.add(id + ": unexpected top-level fields " + top);
            }
            if (!(document.get("spec") instanceof Map<?, ?>)) {
                problems.add(id + " has no spec");
            }
        }
        m.ofKind("Kafka").forEach(kafka -> problems.addAll(kafka(m, kafka)));
        m.ofKind("KafkaNodePool").forEach(pool -> problems.addAll(nodePool(m, pool)));
        problems.addAll(topics(m));
        m.ofKind("Cluster").forEach(cluster -> problems.addAll(postgres(m, cluster)));
        m.ofKind("ScaledObject").forEach(scaled -> problems.addAll(scaledObject(m, scaled)));
        m.ofKind("ServiceMonitor").forEach(monitor -> problems.addAll(serviceMonitor(m, monitor)));
        return problems;
    }

    private static List<String> kafka(KubernetesManifests m, Map<String, Object> kafka) {
        List<String> problems = new ArrayList<>();
        String id = "Kafka " + name(kafka);
        Map<String, Object> annotations = map(at(kafka, "metadata.annotations"));
        for (String annotation : List.of("strimzi.io/node-pools", "strimzi.io/kraft")) {
            if (!"enabled".equals(annotations.get(annotation))) {
                problems.add(id + ": annotation " + annotation + ": enabled is required (KRaft with node pools)");
            }
        }
        if (at(kafka, "spec.zookeeper") != null) {
            problems.add(id + ": spec.zookeeper has no place in KRaft mode");
        }
        for (String ignored : List.of("replicas", "storage")) {
            if (at(kafka, "spec.kafka." + ignored) != null) {
                problems.add(id + ": spec.kafka." + ignored + " belongs to the KafkaNodePools");
            }
        }
        List<Object> listeners = list(at(kafka, "spec.kafka.listeners"));
        if (listeners.isEmpty()) {
            problems.add(id + ": spec.kafka.listeners is required");
        }
        for (Object l : listeners) {
            Map<String, Object> listener = map(l);
            if (!Objects.toString(listener.get("name")).matches("[a-z0-9]{1,11}")
                    || !(listener.get("port") instanceof Integer port) || port < 9092
                    || !LISTENER_TYPES.contains(listener.get("type")) || !(listener.get("tls") instanceof Boolean)) {
                problems.add(id + ": listener " + listener + " needs name ([a-z0-9]{1,11}), port >= 9092, type "
                        + LISTENER_TYPES + " and tls");
            }
        }
        if (!m.ofKind("KafkaTopic").isEmpty() && !(at(kafka, "spec.entityOperator.topicOperator") instanceof Map<?, ?>)) {
            problems.add(id + ": KafkaTopics need spec.entityOperator.topicOperator");
        }
        int brokers = brokers(m, name(kafka));
        Map<String, Object> config = map(at(kafka, "spec.kafka.config"));
        for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            if (config.get(key) instanceof Integer factor && factor > brokers) {
                problems.add(id + ": " + key + " " + factor + " exceeds the " + brokers + " brokers of its node pools");
            }
        }
        if (brokers == 0) {
            problems.add(id + ": no KafkaNodePool with role broker belongs to it");
        }
        int controllers = m.ofKind("KafkaNodePool").stream()
                .filter(p -> name(kafka).equals(labels(p).get("strimzi.io/cluster")))
                .filter(p -> list(at(p, "spec.roles")).contains("controller"))
                .mapToInt(p -> at(p, "spec.replicas") instanceof Integer r ? r : 0).sum();
        if (controllers == 0 || controllers % 2 == 0) {
            problems.add(id + ": needs an odd number of controllers (a quorum), has " + controllers);
        }
        return problems;
    }

    static int brokers(KubernetesManifests m, String cluster) {
        return m.ofKind("KafkaNodePool").stream()
                .filter(p -> cluster.equals(labels(p).get("strimzi.io/cluster")))
                .filter(p -> list(at(p, "spec.roles")).contains("broker"))
                .mapToInt(p -> at(p, "spec.replicas") instanceof Integer r ? r : 0).sum();
    }

    private static List<String> nodePool(KubernetesManifests m, Map<String, Object> pool) {
        List<String> problems = new ArrayList<>();
        String id = "KafkaNodePool " + name(pool);
        problems.addAll(clusterLabel(m, pool, id));
        if (!(at(pool, "spec.replicas") instanceof Integer replicas) || replicas < 1) {
            problems.add(id + ": spec.replicas (>= 1) is required");
        }
        List<Object> roles = list(at(pool, "spec.roles"));
        if (roles.isEmpty() || !Set.of("controller", "broker").containsAll(roles)) {
            problems.add(id + ": spec.roles must be controller and/or broker, is " + roles);
        }
        Map<String, Object> storage = map(at(pool, "spec.storage"));
        List<Map<String, Object>> volumes = "jbod".equals(storage.get("type"))
                ? list(storage.get("volumes")).stream().map(KubernetesManifests::map).toList() : List.of(storage);
        if (volumes.isEmpty() || volumes.stream().anyMatch(v -> !"persistent-claim".equals(v.get("type")) || v.get("size") == null)) {
            problems.add(id + ": spec.storage must be persistent-claim storage with a size (or jbod of them), is " + storage);
        }
        return problems;
    }

    private static List<String> clusterLabel(KubernetesManifests m, Map<String, Object> document, String id) {
        Object cluster = labels(document).get("strimzi.io/cluster");
        if (cluster == null || m.find("Kafka", cluster.toString()).isEmpty()) {
            return List.of(id + ": label strimzi.io/cluster must name a Kafka of the overlay, is " + cluster);
        }
        return List.of();
    }

    private static List<String> topics(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> topics = m.ofKind("KafkaTopic");
        if (topics.isEmpty()) {
            return problems;
        }
        Map<String, Object> settings = settings(m);
        for (Map<String, Object> topic : topics) {
            String id = "KafkaTopic " + name(topic);
            problems.addAll(clusterLabel(m, topic, id));
            Object partitions = at(topic, "spec.partitions");
            Object replicas = at(topic, "spec.replicas");
            if (!(partitions instanceof Integer p) || p < 1 || !(replicas instanceof Integer r) || r < 1) {
                problems.add(id + ": spec.partitions and spec.replicas (>= 1) are required");
                continue;
            }
            Object cluster = labels(topic).get("strimzi.io/cluster");
            if (cluster != null && r > brokers(m, cluster.toString())) {
                problems.add(id + ": " + r + " replicas, but Kafka " + cluster + " has " + brokers(m, cluster.toString())
                        + " brokers");
            }
            if (!Objects.equals(String.valueOf(p), settings.get("CODESYNTH_KAFKA_PARTITIONS"))
                    || !Objects.equals(String.valueOf(r), settings.get("CODESYNTH_KAFKA_REPLICATION_FACTOR"))) {
                problems.add(id + ": " + p + " partitions x " + r + " replicas, but the services declare their topics with "
                        + "CODESYNTH_KAFKA_PARTITIONS=" + settings.get("CODESYNTH_KAFKA_PARTITIONS")
                        + " and CODESYNTH_KAFKA_REPLICATION_FACTOR=" + settings.get("CODESYNTH_KAFKA_REPLICATION_FACTOR"));
            }
            Map<String, Object> config = map(at(topic, "spec.config"));
            if (!(config.get("min.insync.replicas") instanceof Integer isr) || isr >= r || isr < 1) {
                problems.add(id + ": config min.insync.replicas must be set and below replicas " + r);
            }
            if (config.get("max.message.bytes") == null) {
                problems.add(id + ": config max.message.bytes must be set (the services' messages reach megabytes)");
            }
        }
        List<String> names = topics.stream()
                .map(t -> Objects.toString(at(t, "spec.topicName"), name(t))).sorted().toList();
        List<String> expected = KubernetesPipelineSource.topicsWithDeadLetters().stream().sorted().toList();
        if (!names.equals(expected)) {
            problems.add("the KafkaTopics " + names + " are not the pipeline's topics and dead-letter topics " + expected);
        }
        return problems;
    }

    /** The shared settings ConfigMap (codesynth-settings, with the generator's hash suffix). */
    static Map<String, Object> settings(KubernetesManifests m) {
        return m.ofKind("ConfigMap").stream().filter(c -> name(c).startsWith("codesynth-settings"))
                .map(c -> map(c.get("data"))).findFirst().orElse(Map.of());
    }

    private static List<String> postgres(KubernetesManifests m, Map<String, Object> cluster) {
        List<String> problems = new ArrayList<>();
        String id = "Cluster " + name(cluster);
        if (!(at(cluster, "spec.instances") instanceof Integer instances) || instances < 1) {
            problems.add(id + ": spec.instances (>= 1) is required");
        }
        if (at(cluster, "spec.storage.size") == null) {
            problems.add(id + ": spec.storage.size is required");
        }
        Object database = at(cluster, "spec.bootstrap.initdb.database");
        if (database == null || at(cluster, "spec.bootstrap.initdb.owner") == null) {
            problems.add(id + ": spec.bootstrap.initdb.database and .owner are required");
        }
        for (Container container : m.serviceContainers()) {
            Optional<String> url = m.envValue(container, "SPRING_DATASOURCE_URL");
            if (url.isPresent() && url.get().contains("//" + name(cluster) + "-")
                    && !KubernetesChecks.database(url.get()).equals(Optional.ofNullable(database).map(Object::toString))) {
                problems.add(container.where() + ": SPRING_DATASOURCE_URL " + url.get() + " names another database than "
                        + id + "'s " + database);
            }
        }
        return problems;
    }

    private static List<String> scaledObject(KubernetesManifests m, Map<String, Object> scaled) {
        List<String> problems = new ArrayList<>();
        String id = "ScaledObject " + name(scaled);
        Object target = at(scaled, "spec.scaleTargetRef.name");
        Object targetKind = Objects.requireNonNullElse(at(scaled, "spec.scaleTargetRef.kind"), "Deployment");
        Optional<Map<String, Object>> deployment = target == null ? Optional.empty()
                : m.find(targetKind.toString(), target.toString());
        if (deployment.isEmpty()) {
            problems.add(id + ": spec.scaleTargetRef must name a Deployment of the overlay, is " + target);
            return problems;
        }
        Object service = labels(KubernetesManifests.podTemplateOf(deployment.get())).get("app.kubernetes.io/name");
        int min = at(scaled, "spec.minReplicaCount") instanceof Integer i ? i : 0;
        Object max = at(scaled, "spec.maxReplicaCount");
        if (!(max instanceof Integer maxReplicas) || maxReplicas < min || maxReplicas < 1) {
            problems.add(id + ": spec.maxReplicaCount is required, at least 1 and minReplicaCount");
        }
        if (at(deployment.get(), "spec.replicas") instanceof Integer) {
            problems.add(id + ": Deployment " + target + " sets spec.replicas, which fights KEDA's HPA");
        }
        List<Object> triggers = list(at(scaled, "spec.triggers"));
        if (triggers.isEmpty()) {
            problems.add(id + ": spec.triggers is required");
        }
        Map<String, ServiceInfo> services = m.services();
        for (Object t : triggers) {
            Map<String, Object> trigger = map(t);
            Map<String, Object> metadata = map(trigger.get("metadata"));
            if (!"kafka".equals(trigger.get("type"))) {
                problems.add(id + ": a trigger of type " + trigger.get("type") + ": CodeSynth workers scale on Kafka lag");
                continue;
            }
            for (String key : List.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold")) {
                if (!(metadata.get(key) instanceof String)) {
                    problems.add(id + ": kafka trigger metadata." + key + " (a string) is required");
                }
            }
            if (!(metadata.get("consumerGroup") instanceof String group) || !(metadata.get("topic") instanceof String topic)
                    || !(metadata.get("bootstrapServers") instanceof String servers)) {
                continue;
            }
            if (!Objects.toString(metadata.get("lagThreshold")).matches("[1-9][0-9]*")) {
                problems.add(id + ": lagThreshold must be a positive integer, is " + metadata.get("lagThreshold"));
            }
            if (!ServiceSettings.SERVICES.contains(service)) {
                problems.add(id + ": targets " + target + ", which runs no CodeSynth service");
                continue;
            }
            String realGroup = KubernetesPipelineSource.consumerGroup(service.toString());
            if (!realGroup.equals(group)) {
                problems.add(id + ": consumerGroup " + group + ", but " + service + " consumes in group " + realGroup
                        + " (its source's GROUP constant)");
            }
            String realTopic = KubernetesPipelineSource.inputTopic(service.toString());
            if (!realTopic.equals(topic)) {
                problems.add(id + ": topic " + topic + ", but " + service + " consumes " + realTopic);
            }
            problems.addAll(KubernetesChecks.hostProblems(id + " bootstrapServers", "bootstrapServers", servers, services, true));
            Optional<Map<String, Object>> kafkaTopic = m.ofKind("KafkaTopic").stream()
                    .filter(k -> topic.equals(Objects.toString(at(k, "spec.topicName"), name(k)))).findFirst();
            Object partitions = kafkaTopic.map(k -> at(k, "spec.partitions"))
                    .orElse(settings(m).get("CODESYNTH_KAFKA_PARTITIONS"));
            if (max instanceof Integer maxReplicas && partitions != null
                    && maxReplicas > Integer.parseInt(partitions.toString())) {
                problems.add(id + ": maxReplicaCount " + maxReplicas + " exceeds the " + partitions + " partitions of "
                        + topic + ": the extra workers would idle");
            }
        }
        return problems;
    }

    private static List<String> serviceMonitor(KubernetesManifests m, Map<String, Object> monitor) {
        List<String> problems = new ArrayList<>();
        String id = "ServiceMonitor " + name(monitor);
        Map<String, Object> selector = map(at(monitor, "spec.selector"));
        if (KubernetesManifests.isEmptySelector(selector)) {
            problems.add(id + ": spec.selector must select the CodeSynth Services");
        }
        List<Object> namespaces = list(at(monitor, "spec.namespaceSelector.matchNames"));
        if (!namespaces.isEmpty() && !namespaces.contains(KustomizeRender.NAMESPACE)) {
            problems.add(id + ": namespaceSelector does not include " + KustomizeRender.NAMESPACE);
        }
        List<Map<String, Object>> selected = m.ofKind("Service").stream()
                .filter(s -> KubernetesManifests.selects(selector, labels(s), true)).toList();
        for (String service : ServiceSettings.SERVICES) {
            if (selected.stream().noneMatch(s -> name(s).equals(service))) {
                problems.add(id + " does not select Service " + service);
            }
        }
        List<Object> endpoints = list(at(monitor, "spec.endpoints"));
        if (endpoints.isEmpty()) {
            problems.add(id + ": spec.endpoints is required");
        }
        for (Object e : endpoints) {
            Map<String, Object> endpoint = map(e);
            if (!"/actuator/prometheus".equals(endpoint.get("path"))) {
                problems.add(id + ": endpoint path must be /actuator/prometheus, is " + endpoint.get("path"));
            }
            for (Map<String, Object> service : selected) {
                boolean named = list(at(service, "spec.ports")).stream()
                        .anyMatch(p -> Objects.equals(map(p).get("name"), endpoint.get("port")));
                if (!named) {
                    problems.add(id + ": Service " + name(service) + " has no port named " + endpoint.get("port"));
                }
            }
        }
        return problems;
    }
}
