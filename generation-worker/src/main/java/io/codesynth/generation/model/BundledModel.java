package io.codesynth.generation.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A checkpoint shipped as class-path resources: the demo model, which the build copies from the repository's
 * {@code models/demo} into the worker's jar under {@code codesynth/demo-model/}. The engine loads weights from
 * files, so the checkpoint is unpacked into a directory once; a later start that finds the same bytes there
 * (compared by SHA-256) uses them as they are, and a newer bundle replaces them.
 */
public final class BundledModel {

    /** The demo model trained by {@code train-demo-model}; see models/README.md. */
    public static final BundledModel DEMO = new BundledModel(BundledModel.class.getClassLoader(), "codesynth/demo-model/");

    /** What a checkpoint directory needs; the README says how the model was made. */
    static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json", "README.md");
    /** Written into an unpacked directory: the SHA-256 of the bundle it came from. */
    static final String DIGEST_FILE = ".bundle-sha256";

    private final ClassLoader loader;
    private final String root;

    BundledModel(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** Whether every file is on the class path (a build from a tree without models/demo has none). */
    public boolean available() {
        return FILES.stream().allMatch(file -> loader.getResource(root + file) != null);
    }

    /**
     * The bundle unpacked at {@code dir}: written there unless the same bundle already is, through a sibling
     * directory that is renamed into place, so a crash leaves the old directory or the new one, never half of one.
     */
    public Path unpack(Path dir) {
        if (!available()) {
            throw new IllegalStateException("no bundled model under " + root + " on the class path");
        }
        String digest = digest();
        try {
            Path marker = dir.resolve(DIGEST_FILE);
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(digest)) {
                return dir;
            }
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".unpacking-");
            try {
                for (String file : FILES) {
                    try (InputStream in = open(file)) {
                        Files.copy(in, staging.resolve(file));
                    }
                }
                Files.writeString(staging.resolve(DIGEST_FILE), digest + "\n");
                deleteRecursively(dir);
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteRecursively(staging);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the bundled model into " + dir.toAbsolutePath(), e);
        }
    }

    /** SHA-256 over the files in {@link #FILES} order, each preceded by its name. */
    String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (String file : FILES) {
                sha.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(open(file), sha)) {
                    while (in.read(buffer) >= 0) {
                        // the stream feeds the digest
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled model", e);
        }
    }

    private InputStream open(String file) throws IOException {
        InputStream in = loader.getResourceAsStream(root + file);
        if (in == null) {
            throw new IOException("bundled model file " + root + file + " is missing from the class path");
        }
        return in;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
