package io.codesynth.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict parsing of built-in Kubernetes kinds with fabric8's kubernetes-model classes.
 *
 * <p>fabric8's model classes accept any unknown field: each has an {@code @JsonAnySetter} that files it under
 * {@code additionalProperties}, so FAIL_ON_UNKNOWN_PROPERTIES alone never fires. This mapper therefore turns the
 * any-setters off (an unknown field then fails with its JSON path), and {@link #parse} also walks the parsed object
 * graph and reports every non-empty {@code additionalProperties} it still finds.
 */
final class KubernetesSchema {

    /** apiVersion + "/" + kind of every built-in kind the overlays may contain, with its model class. */
    static final Map<String, Class<? extends HasMetadata>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("node.k8s.io/v1/RuntimeClass", RuntimeClass.class));

    /** Built-in kinds that live outside namespaces. */
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "RuntimeClass");

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private KubernetesSchema() {
    }

    static String typeOf(Map<String, Object> document) {
        return document.get("apiVersion") + "/" + document.get("kind");
    }

    static boolean isBuiltIn(Map<String, Object> document) {
        return BUILT_IN.containsKey(typeOf(document));
    }

    /** The document as its fabric8 model object; throws with the reason when it does not match the schema. */
    static <T extends HasMetadata> T parse(Map<String, Object> document, Class<T> type) {
        T parsed;
        try {
            parsed = STRICT.convertValue(document, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectAdditionalProperties(parsed, "", unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("fields the schema does not have: " + String.join(", ", unknown));
        }
        return parsed;
    }

    /** Why the document does not parse strictly as its built-in kind, or null when it does. */
    static String problem(Map<String, Object> document) {
        Class<? extends HasMetadata> type = BUILT_IN.get(typeOf(document));
        if (type == null) {
            return "no schema for " + typeOf(document);
        }
        try {
            HasMetadata parsed = parse(document, type);
            if (!document.get("kind").equals(parsed.getKind()) || !document.get("apiVersion").equals(parsed.getApiVersion())) {
                return "parsed as " + parsed.getApiVersion() + "/" + parsed.getKind();
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void collectAdditionalProperties(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectAdditionalProperties(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                collectAdditionalProperties(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            collectAdditionalProperties(child, path + "." + field, unknown, seen);
        }
    }
}
