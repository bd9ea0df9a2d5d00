package io.codesynth.diffusion.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's shared {@code testdata/} directory from wherever the tests run. */
public final class TestData {

    private TestData() {
    }

    /**
     * {@code testdata/qwen2-reference}: from the system property {@code codesynth.testdata} if set, else the
     * nearest {@code testdata/} found walking up from the working directory (the module directory under
     * Maven, the repository root under an IDE).
     */
    public static Path qwen2Reference() {
        return root().resolve("qwen2-reference");
    }

    public static Path root() {
        String override = System.getProperty("codesynth.testdata");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata");
            if (Files.isDirectory(candidate.resolve("qwen2-reference"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No testdata/qwen2-reference above " + Path.of("").toAbsolutePath()
                + "; set -Dcodesynth.testdata=/path/to/testdata");
    }
}
