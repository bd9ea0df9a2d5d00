package io.codesynth.verification.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How sandboxes are made and how many run at once.
 *
 * @param mode           sandboxed (bubblewrap) or the explicit unsandboxed development mode
 * @param bwrap          the bubblewrap executable
 * @param python         the Python 3 interpreter made visible inside the sandbox (a system one: only its
 *                       executable, its standard library and the shared libraries are mounted)
 * @param node           the node executable for JavaScript; null if JavaScript is not offered
 * @param libraryPaths   host directories mounted read-only for the interpreters' shared libraries
 *                       (those that do not exist are skipped)
 * @param concurrency    runs at the same time (one warm sandbox each); further runs queue
 * @param runsPerSandbox runs after which a sandbox is replaced (it is also replaced after any
 *                       abnormal run: a limit hit, leftover processes, tampering)
 * @param startTimeout   how long a new sandbox may take to report ready
 * @param sandboxUid     the unprivileged host uid/gid the sandbox runs as when the worker runs as root
 * @param tmpfsSizeMb    size of the sandbox's work directory (a tmpfs)
 * @param defaults       limits of a run when the job sets none
 * @param maxima         limits a job can never exceed
 */
public record SandboxSettings(
        SandboxMode mode,
        Path bwrap,
        Path python,
        Path node,
        List<Path> libraryPaths,
        int concurrency,
        int runsPerSandbox,
        Duration startTimeout,
        int sandboxUid,
        int tmpfsSizeMb,
        RunLimits defaults,
        RunLimits maxima) {

    /** Where Debian and most distributions keep the shared libraries of python3 and node. */
    public static final List<Path> DEFAULT_LIBRARY_PATHS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"), Path.of("/usr/lib64"),
            Path.of("/lib64"), Path.of("/lib/x86_64-linux-gnu"), Path.of("/lib/aarch64-linux-gnu"));

    public SandboxSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(bwrap, "bwrap");
        Objects.requireNonNull(python, "python");
        libraryPaths = libraryPaths == null ? DEFAULT_LIBRARY_PATHS : List.copyOf(libraryPaths);
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(maxima, "maxima");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (runsPerSandbox < 1) {
            throw new IllegalArgumentException("runsPerSandbox must be at least 1, was " + runsPerSandbox);
        }
        if (sandboxUid < 1) {
            throw new IllegalArgumentException("sandboxUid must be an unprivileged uid (> 0), was " + sandboxUid);
        }
        if (tmpfsSizeMb < 1) {
            throw new IllegalArgumentException("tmpfsSizeMb must be positive, was " + tmpfsSizeMb);
        }
        defaults = defaults.cappedBy(maxima);
    }

    /** The defaults of a laptop: sandboxed, system python3 and node, one sandbox per core. */
    public static SandboxSettings laptopDefaults() {
        return new SandboxSettings(SandboxMode.SANDBOXED, Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/python3"),
                Path.of("/usr/bin/node"), DEFAULT_LIBRARY_PATHS, Runtime.getRuntime().availableProcessors(), 100,
                Duration.ofSeconds(15), 65534, 64, RunLimits.DEFAULTS, RunLimits.MAXIMA);
    }

    public SandboxSettings withMode(SandboxMode newMode) {
        return new SandboxSettings(newMode, bwrap, python, node, libraryPaths, concurrency, runsPerSandbox,
                startTimeout, sandboxUid, tmpfsSizeMb, defaults, maxima);
    }

    public SandboxSettings withConcurrency(int newConcurrency) {
        return new SandboxSettings(mode, bwrap, python, node, libraryPaths, newConcurrency, runsPerSandbox,
                startTimeout, sandboxUid, tmpfsSizeMb, defaults, maxima);
    }

    public SandboxSettings withRunsPerSandbox(int newRunsPerSandbox) {
        return new SandboxSettings(mode, bwrap, python, node, libraryPaths, concurrency, newRunsPerSandbox,
                startTimeout, sandboxUid, tmpfsSizeMb, defaults, maxima);
    }

    public SandboxSettings withBwrap(Path newBwrap) {
        return new SandboxSettings(mode, newBwrap, python, node, libraryPaths, concurrency, runsPerSandbox,
                startTimeout, sandboxUid, tmpfsSizeMb, defaults, maxima);
    }

    public boolean sandboxed() {
        return mode == SandboxMode.SANDBOXED;
    }
}
