package io.codesynth.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders k8s/ kustomizations offline with {@code kubectl kustomize DIR} (a process; no cluster involved) and
 * parses the output into one map per document. Without kubectl the calling test fails, naming the Debian package,
 * unless {@code CODESYNTH_ALLOW_MISSING_TOOLS=1}: then it is skipped.
 */
final class KustomizeRender {

    /** The overlays under k8s/overlays that the tests render. */
    static final List<String> OVERLAYS = List.of("dev", "production");

    static final String NAMESPACE = "codesynth";

    private static final Map<Path, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private KustomizeRender() {
    }

    static Path k8s() {
        return ServiceSettings.repositoryRoot().resolve("k8s");
    }

    /** The rendered documents of k8s/overlays/{@code name}. */
    static List<Map<String, Object>> overlay(String name) {
        return render(k8s().resolve("overlays").resolve(name));
    }

    /**
     * The rendered overlay with the Secrets its README.md documents as created by the operator
     * ({@code kubectl create secret ...} commands), which the overlay refers to without containing them.
     */
    static KubernetesManifests manifests(String name) {
        Path dir = k8s().resolve("overlays").resolve(name);
        return new KubernetesManifests(name, overlay(name), KubernetesChecks.documentedSecrets(dir.resolve("README.md")));
    }

    /** The rendered documents of a kustomization directory (cached per directory for the test run). */
    static List<Map<String, Object>> render(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), KustomizeRender::run);
    }

    /** The kubectl executable on PATH; fails (or skips, with CODESYNTH_ALLOW_MISSING_TOOLS=1) without one. */
    static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "kubectl is not installed: the k8s/ checks render the overlays with `kubectl kustomize`. "
                + "Install the Debian package `kubectl` (apt-get install kubectl), or set CODESYNTH_ALLOW_MISSING_TOOLS=1 "
                + "to skip these checks";
        if ("1".equals(System.getenv("CODESYNTH_ALLOW_MISSING_TOOLS"))) {
            Assumptions.abort(message);
        }
        return fail(message);
    }

    private static List<Map<String, Object>> run(Path dir) {
        Path kubectl = kubectl();
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectError(stderr.toFile())
                        .start();
                process.getOutputStream().close();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return fail("kubectl kustomize " + dir + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    return fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                            + Files.readString(stderr));
                }
                return parse(out, "kubectl kustomize " + dir);
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            return fail("cannot run kubectl kustomize " + dir + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted rendering " + dir);
        }
    }

    /** The documents of a multi-document YAML text; duplicate keys are errors. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml, String origin) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(options)).loadAll(new StringReader(yaml))) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                fail(origin + ": a document is not a mapping: " + document);
            }
            documents.add((Map<String, Object>) document);
        }
        return documents;
    }
}
