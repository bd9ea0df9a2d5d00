package io.codesynth.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository as docker-compose.yml and infra/ see it: the root (the parent of this module's working
 * directory, where Surefire runs), YAML files, the reactor's modules and version, and each service's defaults.
 */
final class ComposeProject {

    /** The four services, as compose service, Maven module and {@code <service>.yml} are all named. */
    static final List<String> SERVICES = List.of("gateway-service", "results-service", "generation-worker",
            "verification-worker");
    /** The compose services that may run as several replicas ({@code --scale}). */
    static final List<String> WORKERS = List.of("generation-worker", "generation-worker-gpu", "verification-worker");

    static final Path ROOT = findRoot();
    static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    static final Path DOCKERFILE = ROOT.resolve("infra/docker/Dockerfile");
    static final Path PROMETHEUS_CONFIG = ROOT.resolve("infra/prometheus/prometheus.yml");
    static final Path SECCOMP_PROFILE = ROOT.resolve("infra/verification-worker/seccomp-bwrap.json");

    private ComposeProject() {
    }

    private static Path findRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (root == null || !Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("deployment"))) {
            throw new IllegalStateException("expected to run in <repository>/deployment, but the working directory is "
                    + Path.of("").toAbsolutePath());
        }
        return root;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML document as maps and lists; merge keys ({@code <<}) are resolved, as Compose resolves them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new SafeConstructor(options)).load(read(file));
        if (!(document instanceof Map)) {
            throw new IllegalStateException(file + " is not a YAML mapping");
        }
        return (Map<String, Object>) document;
    }

    static Map<String, Object> compose() {
        return yaml(COMPOSE_FILE);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> composeServices() {
        return (Map<String, Map<String, Object>>) compose().get("services");
    }

    /** A nested value by dotted path, or null. */
    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> map, String dottedPath) {
        Object current = map;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    /** A service's environment as a map, whether compose lists it as a mapping or as NAME=value lines. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object value = service.get("environment");
        if (value instanceof Map<?, ?> mapping) {
            mapping.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else {
            for (Object line : list(value)) {
                String text = String.valueOf(line);
                int equals = text.indexOf('=');
                environment.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
            }
        }
        return environment;
    }

    /** The defaults of a service: {@code <service>/src/main/resources/<service>.yml}. */
    static Map<String, Object> serviceDefaults(String service) {
        return yaml(ROOT.resolve(service).resolve("src/main/resources").resolve(service + ".yml"));
    }

    /** {@code server.port} of a service's defaults. */
    static int serverPort(String service) {
        Object port = at(serviceDefaults(service), "server.port");
        if (!(port instanceof Integer number)) {
            throw new IllegalStateException(service + ".yml has no numeric server.port: " + port);
        }
        return number;
    }

    /** Every property name of a YAML document, dotted; a list stands as one name (its value is the list). */
    static Map<String, Object> flatten(Map<String, Object> document) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", document, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> flat) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(name, map(nested), flat);
            } else {
                flat.put(name, value);
            }
        });
    }

    // --- the Maven reactor -------------------------------------------------------------------------------------

    static Document pom(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    /** The text of the first direct child of the project element with that name. */
    static String projectChild(Document pom, String name) {
        for (Node node = pom.getDocumentElement().getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        return null;
    }

    static String version() {
        return projectChild(pom(ROOT.resolve("pom.xml")), "version");
    }

    static List<String> modules() {
        List<String> modules = new ArrayList<>();
        NodeList nodes = pom(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().trim());
        }
        return modules;
    }

    static String artifactId(String module) {
        return projectChild(pom(ROOT.resolve(module).resolve("pom.xml")), "artifactId");
    }

    /** The reactor modules a module depends on (io.codesynth dependencies, any scope), directly. */
    static List<String> reactorDependencies(String module) {
        List<String> modules = modules();
        List<String> dependencies = new ArrayList<>();
        Element project = pom(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
        NodeList nodes = project.getElementsByTagName("dependency");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element dependency = (Element) nodes.item(i);
            if (dependency.getParentNode().getParentNode() != project) {
                continue; // dependencyManagement or a plugin's dependencies
            }
            String groupId = text(dependency, "groupId");
            String artifactId = text(dependency, "artifactId");
            if ("io.codesynth".equals(groupId)) {
                modules.stream().filter(m -> artifactId.equals(artifactId(m))).findFirst().ifPresent(dependencies::add);
            }
        }
        return dependencies;
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
