package io.codesynth.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the executable jars of a multi-process run are: each module's Spring Boot exec jar under
 * {@code <home>/<module>/target/}, as the build leaves them. The home is the checkout the launcher runs from
 * (system property {@value #HOME_PROPERTY}, which the launcher sets).
 */
record ServiceJars(Path home) {

    static final String HOME_PROPERTY = "codesynth.home";

    /** The home named by {@value #HOME_PROPERTY}, else the working directory. */
    static ServiceJars fromSystemProperty() {
        return new ServiceJars(Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize());
    }

    /** The exec jar of a service ({@code generation-worker}). */
    Path service(String module) {
        return execJar(module);
    }

    /** This module's exec jar: the Kafka broker process runs from it. */
    Path standalone() {
        return execJar("standalone");
    }

    /**
     * Every jar a run of these services needs, so a missing build is one message before anything starts.
     *
     * @throws IllegalStateException naming the first missing jar and how to build it
     */
    void requireAll(List<String> modules) {
        standalone();
        modules.forEach(this::execJar);
    }

    private Path execJar(String module) {
        Path target = home.resolve(module).resolve("target");
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith("-exec.jar");
            }).sorted().reduce((first, second) -> second).orElseThrow(() -> new IllegalStateException(
                    "no executable jar of " + module + " under " + target + "; build it with ./mvnw -DskipTests install"
                            + " (./codesynth does it when the sources changed)"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + target + ": " + e.getMessage(), e);
        }
    }
}
