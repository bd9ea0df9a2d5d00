package io.codesynth.verification.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line and environment of one sandbox: bubblewrap around the zygote, or, in unsandboxed
 * mode, the zygote alone.
 *
 * <p>Inside bubblewrap: every namespace is new (no network but a loopback of its own, its own PIDs with
 * the zygote as PID 1, no view of the host's IPC, hostname or cgroups); nested user namespaces are
 * disabled; the uid and gid are unprivileged both inside and, when the worker runs as root, outside
 * (setpriv drops to them before bwrap starts); the root is an empty read-only tmpfs holding only the
 * interpreters, their libraries and the harness (all read-only), a fresh /proc, a minimal read-only
 * /dev, and a writable, size-limited tmpfs at /work; the environment is rebuilt from scratch; the
 * sandbox dies with the worker and has no controlling terminal.
 */
final class SandboxCommand {

    static final String WORK = "/work";
    static final String HARNESS = "/harness";
    private static final String PATH = "/usr/bin:/bin";

    private final SandboxSettings settings;
    private final Runtimes runtimes;
    private final Path harness;

    SandboxCommand(SandboxSettings settings, Runtimes runtimes, Path harness) {
        this.settings = settings;
        this.runtimes = runtimes;
        this.harness = harness;
    }

    /** The command for a sandbox whose work directory is {@code hostWork} (used in unsandboxed mode only). */
    List<String> command(Path hostWork) {
        return settings.sandboxed() ? sandboxed() : unsandboxed(hostWork);
    }

    /** The environment bwrap (or the unsandboxed zygote) starts with: nothing of the worker's. */
    Map<String, String> environment(Path hostWork) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("LANG", "C.UTF-8");
        if (!settings.sandboxed()) {
            env.put("HOME", hostWork.toString());
            env.put("TMPDIR", hostWork.toString());
            env.put("PYTHONHASHSEED", "0");
        }
        return env;
    }

    private List<String> sandboxed() {
        List<String> args = new ArrayList<>();
        if (runtimes.runAsUid() > 0) {
            String id = Integer.toString(runtimes.runAsUid());
            args.addAll(List.of(Runtimes.SETPRIV.toString(), "--reuid=" + id, "--regid=" + id, "--clear-groups", "--"));
        }
        String uid = Integer.toString(settings.sandboxUid());
        args.addAll(List.of(settings.bwrap().toString(),
                "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--as-pid-1",
                "--uid", uid, "--gid", uid, "--hostname", "sandbox"));
        bind(args, runtimes.pythonReal(), settings.python());
        bind(args, runtimes.pythonStdlib(), runtimes.pythonStdlib());
        if (runtimes.nodeReal() != null) {
            bind(args, runtimes.nodeReal(), settings.node());
        }
        // directories are mounted at their real paths; the merged-/usr links (/lib -> usr/lib, ...) are
        // recreated as links, so that the dynamic loader's paths resolve as they do on the host
        Set<Path> bound = new HashSet<>();
        for (Path library : settings.libraryPaths()) {
            if (Files.isSymbolicLink(library) || !Files.isDirectory(library)) {
                continue;
            }
            try {
                Path real = library.toRealPath();
                if (bound.add(real)) {
                    bind(args, real, real);
                }
            } catch (IOException e) {
                // an unreadable directory is as good as a missing one
            }
        }
        for (String top : List.of("/lib", "/lib64", "/bin")) {
            Path path = Path.of(top);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } catch (IOException e) {
                    // same
                }
            }
        }
        args.addAll(List.of("--ro-bind", harness.toString(), HARNESS,
                "--proc", "/proc",
                "--dev", "/dev",
                "--perms", "0700", "--size", Long.toString((long) settings.tmpfsSizeMb() << 20), "--tmpfs", WORK,
                "--remount-ro", "/dev",
                "--remount-ro", "/",
                "--chdir", WORK,
                "--clearenv",
                "--setenv", "PATH", PATH,
                "--setenv", "HOME", WORK,
                "--setenv", "TMPDIR", WORK,
                "--setenv", "LANG", "C.UTF-8",
                "--setenv", "PYTHONHASHSEED", "0",
                "--"));
        args.addAll(zygote(HARNESS, WORK, true));
        return args;
    }

    private List<String> unsandboxed(Path hostWork) {
        return zygote(harness.toString(), hostWork.toString(), false);
    }

    private List<String> zygote(String harnessDir, String work, boolean isolated) {
        List<String> args = new ArrayList<>(List.of(settings.python().toString(), "-s", "-S", "-B",
                harnessDir + "/zygote.py", "--work", work));
        if (isolated) {
            args.add("--isolated");
        } else {
            // RLIMIT_NPROC counts every process of the user on the host: meaningless without a user namespace
            args.add("--no-nproc-limit");
        }
        if (runtimes.nodeReal() != null) {
            args.addAll(List.of("--node", settings.node().toString()));
            if (runtimes.nodePermissions()) {
                args.add("--node-permissions");
            }
        }
        return args;
    }

    private static void bind(List<String> args, Path source, Path target) {
        args.addAll(List.of("--ro-bind", source.toString(), target.toString()));
    }
}
