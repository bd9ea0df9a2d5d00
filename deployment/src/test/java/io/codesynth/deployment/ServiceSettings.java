package io.codesynth.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The settings one CodeSynth service really has: the property names of its {@code <service>/src/main/resources/
 * <service>.yml}, and which of them an environment variable binds, decided by Spring Boot's own relaxed binding
 * ({@link SystemEnvironmentPropertySource} seen through {@link ConfigurationPropertySource#from}, exactly as the
 * service sees its environment). Used for the k8s/ Deployments and for docker-compose.yml alike.
 *
 * <p>An environment variable passes when it binds a property that the yml declares, or an entry of a list that
 * the yml declares ({@code CODESYNTH_SECURITY_APIKEYS_0_TENANT} binds {@code codesynth.security.api-keys[0].tenant},
 * whose list {@code codesynth.security.api-keys} is in the yml). {@link #JVM_VARIABLES} are read by the JVM, not by
 * Spring, and pass for every service.
 */
public final class ServiceSettings {

    /** The four services, each with {@code <name>/src/main/resources/<name>.yml}. */
    public static final List<String> SERVICES =
            List.of("gateway-service", "results-service", "generation-worker", "verification-worker");

    /** Environment variables the JVM reads itself; no Spring property binds them. */
    public static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    private final String service;
    private final Path file;
    private final Map<ConfigurationPropertyName, Object> properties;
    private final Set<ConfigurationPropertyName> lists;

    private ServiceSettings(String service, Path file, Map<ConfigurationPropertyName, Object> properties,
            Set<ConfigurationPropertyName> lists) {
        this.service = service;
        this.file = file;
        this.properties = properties;
        this.lists = lists;
    }

    /** The settings of {@code service} (one of {@link #SERVICES}) in this repository. */
    public static ServiceSettings of(String service) {
        return load(repositoryRoot(), service);
    }

    /** The settings of {@code service} read from {@code <root>/<service>/src/main/resources/<service>.yml}. */
    public static ServiceSettings load(Path root, String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("not a CodeSynth service: " + service + " (one of " + SERVICES + ")");
        }
        Path file = root.resolve(service).resolve("src/main/resources").resolve(service + ".yml");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(service, file, reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
    }

    /** Settings parsed from YAML text (for tests of this class). */
    static ServiceSettings parse(String service, Path file, Reader yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<ConfigurationPropertyName, Object> properties = new LinkedHashMap<>();
        Set<ConfigurationPropertyName> lists = new LinkedHashSet<>();
        for (Object document : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
            if (document != null) {
                flatten("", document, properties, lists);
            }
        }
        return new ServiceSettings(service, file, properties, lists);
    }

    /**
     * The root of this repository: the nearest directory at or above the working directory (the module directory
     * when Maven runs the tests) that has both {@code pom.xml} and {@code deployment/}.
     */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("deployment"))
                    && Files.isDirectory(d.resolve("gateway-service"))) {
                return d;
            }
        }
        throw new IllegalStateException("no CodeSynth repository at or above " + dir);
    }

    public String service() {
        return service;
    }

    public Path file() {
        return file;
    }

    /** Every property name the yml declares, in canonical form ({@code a.b-c[0]}). */
    public Set<String> propertyNames() {
        Set<String> names = new LinkedHashSet<>();
        properties.keySet().forEach(name -> names.add(name.toString()));
        return names;
    }

    /** The yml's value of a property ({@code null} when absent or empty). */
    public Object value(String property) {
        return properties.get(ConfigurationPropertyName.of(property));
    }

    /**
     * The property that the environment variable {@code name} binds and that the yml declares, in the yml's
     * spelling (for a list entry: the entry's full name under the yml's list), or empty when it binds nothing the
     * service declares. JVM variables give empty as well (see {@link #problem}).
     */
    public Optional<String> boundProperty(String name) {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, "value")));
        for (ConfigurationPropertyName property : properties.keySet()) {
            ConfigurationProperty bound = environment.getConfigurationProperty(property);
            if (bound != null) {
                return Optional.of(property.toString());
            }
        }
        if (environment instanceof IterableConfigurationPropertySource iterable) {
            for (ConfigurationPropertyName mapped : (Iterable<ConfigurationPropertyName>) iterable.stream()::iterator) {
                for (ConfigurationPropertyName list : lists) {
                    if (list.isAncestorOf(mapped) && mapped.isNumericIndex(list.getNumberOfElements())) {
                        // the entry's name under the list, e.g. codesynth.security.api-keys[0].tenant
                        return Optional.of(list + mapped.subName(list.getNumberOfElements()).toString());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The names Spring Boot maps the environment variable {@code name} to (what it would bind, if declared). */
    public static List<String> mappedNames(String name) {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, "value")));
        List<String> names = new ArrayList<>();
        if (environment instanceof IterableConfigurationPropertySource iterable) {
            iterable.stream().forEach(mapped -> names.add(mapped.toString()));
        }
        return names;
    }

    /**
     * Why {@code name} is not a setting of this service, or empty when it is one (it binds a declared property,
     * a declared list's entry, or is one of {@link #JVM_VARIABLES}).
     */
    public Optional<String> problem(String name) {
        if (JVM_VARIABLES.contains(name)) {
            return Optional.empty();
        }
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            return Optional.of(name + " is not an environment variable name Spring Boot maps (upper case, digits, _)");
        }
        if (boundProperty(name).isPresent()) {
            return Optional.empty();
        }
        List<String> mapped = mappedNames(name);
        return Optional.of(name + " binds no setting of " + service + ": Spring Boot maps it to "
                + (mapped.isEmpty() ? "nothing" : String.join(" / ", mapped)) + ", which " + file.getFileName()
                + " does not declare (neither the property nor a list it belongs to)");
    }

    private static void flatten(String prefix, Object value, Map<ConfigurationPropertyName, Object> properties,
            Set<ConfigurationPropertyName> lists) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty() && !prefix.isEmpty()) {
                put(prefix, null, properties);
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = Objects.toString(entry.getKey());
                flatten(prefix.isEmpty() ? key : prefix + "." + key, entry.getValue(), properties, lists);
            }
        } else if (value instanceof List<?> list) {
            ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(prefix);
            if (name != null) {
                lists.add(name);
            }
            put(prefix, list.isEmpty() ? null : list, properties);
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), properties, lists);
            }
        } else {
            put(prefix, value, properties);
        }
    }

    private static void put(String key, Object value, Map<ConfigurationPropertyName, Object> properties) {
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
        if (name != null) {
            properties.put(name, value);
        }
    }

    @Override
    public String toString() {
        return service + " (" + file + ")";
    }
}
