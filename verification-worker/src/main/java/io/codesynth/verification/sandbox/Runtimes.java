package io.codesynth.verification.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the host offers, found out once at start: the versions of bubblewrap, Python and node, and the
 * paths that must be visible inside the sandbox for the interpreters to run.
 *
 * @param bwrapVersion    e.g. {@code bubblewrap 0.8.0}; null in unsandboxed mode
 * @param pythonVersion   e.g. {@code 3.11.2}
 * @param pythonReal      the interpreter's real file (the configured path may be a symlink)
 * @param pythonStdlib    its standard library directory
 * @param nodeVersion     e.g. {@code v20.20.2}; null if node is not installed (JavaScript runs then fail)
 * @param nodeReal        node's real file, or null
 * @param nodePermissions node supports {@code --experimental-permission} (node 20 and newer)
 * @param runAsUid        the uid to drop to before starting bwrap (the worker runs as root), or -1
 */
public record Runtimes(
        String bwrapVersion,
        String pythonVersion,
        Path pythonReal,
        Path pythonStdlib,
        String nodeVersion,
        Path nodeReal,
        boolean nodePermissions,
        int runAsUid) {

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** Fails closed with an explanation when something needed is missing. */
    static Runtimes detect(SandboxSettings settings) throws SandboxUnavailableException {
        String bwrapVersion = null;
        if (settings.sandboxed()) {
            if (!Files.isExecutable(settings.bwrap())) {
                throw new SandboxUnavailableException("bubblewrap was not found at " + settings.bwrap()
                        + ". Install it (Debian/Ubuntu: apt-get install bubblewrap) or point "
                        + "codesynth.verification.sandbox.bwrap-path at it. Candidates are never run without a "
                        + "sandbox unless codesynth.verification.sandbox.mode=unsandboxed is set, which is for "
                        + "development only.");
            }
            bwrapVersion = firstLine(run(List.of(settings.bwrap().toString(), "--version")), "bwrap --version");
        }
        if (!Files.isExecutable(settings.python())) {
            throw new SandboxUnavailableException("no Python interpreter at " + settings.python()
                    + ". Install python3 (Debian: apt-get install python3) or set codesynth.verification.sandbox.python-path.");
        }
        List<String> python = lines(run(List.of(settings.python().toString(), "-s", "-S", "-c",
                "import sys, sysconfig; print('%d.%d.%d' % sys.version_info[:3]); print(sysconfig.get_paths()['stdlib'])")));
        if (python.size() < 2 || !python.get(0).startsWith("3.")) {
            throw new SandboxUnavailableException(settings.python() + " is not a Python 3 interpreter: " + python);
        }
        int minor = Integer.parseInt(python.get(0).split("\\.")[1]);
        if (minor < 9) {
            throw new SandboxUnavailableException(settings.python() + " is Python " + python.get(0)
                    + "; the harness needs Python 3.9 or newer");
        }
        String nodeVersion = null;
        Path nodeReal = null;
        boolean permissions = false;
        if (settings.node() != null && Files.isExecutable(settings.node())) {
            nodeVersion = firstLine(run(List.of(settings.node().toString(), "--version")), "node --version");
            nodeReal = real(settings.node());
            permissions = majorVersion(nodeVersion) >= 20;
        }
        int runAs = -1;
        if (settings.sandboxed() && currentUid() == 0) {
            if (!Files.isExecutable(SETPRIV)) {
                throw new SandboxUnavailableException("the worker runs as root and " + SETPRIV + " (util-linux) is "
                        + "missing, so the sandbox could not drop to uid " + settings.sandboxUid());
            }
            runAs = settings.sandboxUid();
        }
        return new Runtimes(bwrapVersion, python.get(0), real(settings.python()), Path.of(python.get(1)),
                nodeVersion, nodeReal, permissions, runAs);
    }

    static int majorVersion(String nodeVersion) {
        try {
            return Integer.parseInt(nodeVersion.replaceFirst("^v", "").split("\\.")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static Path real(Path path) throws SandboxUnavailableException {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }

    static int currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static String firstLine(String output, String what) throws SandboxUnavailableException {
        List<String> lines = lines(output);
        if (lines.isEmpty()) {
            throw new SandboxUnavailableException(what + " printed nothing");
        }
        return lines.get(0);
    }

    private static List<String> lines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** Runs a short host command with an empty environment; its stdout, or an exception saying what failed. */
    static String run(List<String> command) throws SandboxUnavailableException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readNBytes(64 * 1024);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SandboxUnavailableException(String.join(" ", command) + " did not finish within 30 s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new SandboxUnavailableException(String.join(" ", command) + " failed with status "
                        + process.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new SandboxUnavailableException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while running " + command.get(0), e);
        }
    }
}
