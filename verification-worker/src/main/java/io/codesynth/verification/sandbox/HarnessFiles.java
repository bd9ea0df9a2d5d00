package io.codesynth.verification.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The harness scripts, copied from the classpath into a private directory once per pool. The
 * directory is world-readable (the sandbox runs as an unprivileged uid) and mounted read-only.
 */
final class HarnessFiles implements AutoCloseable {

    static final List<String> FILES = List.of("zygote.py", "monitor.py", "pyharness.py", "pyplan.py", "jsharness.js");
    private static final String RESOURCES = "/io/codesynth/verification/harness/";

    private final Path directory;

    private HarnessFiles(Path directory) {
        this.directory = directory;
    }

    static HarnessFiles extract() {
        try {
            Path directory = Files.createTempDirectory("codesynth-harness-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String name : FILES) {
                try (InputStream in = HarnessFiles.class.getResourceAsStream(RESOURCES + name)) {
                    if (in == null) {
                        throw new IllegalStateException("harness file " + name + " is missing from the classpath");
                    }
                    Path file = directory.resolve(name);
                    Files.copy(in, file);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            return new HarnessFiles(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the harness files to a temporary directory", e);
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        deleteTree(directory);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a leftover temporary file is not worth failing a shutdown for
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
