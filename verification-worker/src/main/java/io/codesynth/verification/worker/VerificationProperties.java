package io.codesynth.verification.worker;

import io.codesynth.verification.sandbox.RunLimits;
import io.codesynth.verification.sandbox.SandboxMode;
import io.codesynth.verification.sandbox.SandboxSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code codesynth.verification.*}: the sandbox and the limits of a run. The defaults (also written
 * out in {@code verification-worker.yml}) suit a laptop with Debian's bubblewrap, python3 and nodejs.
 */
@Validated
@ConfigurationProperties("codesynth.verification")
public record VerificationProperties(@DefaultValue @Valid Sandbox sandbox, @DefaultValue @Valid Limits limits) {

    /**
     * @param mode            {@code sandboxed} (bubblewrap; the worker refuses to start without it) or
     *                        {@code unsandboxed} (development only: no isolation, every verdict marked)
     * @param bwrapPath       the bubblewrap executable
     * @param pythonPath      the Python 3 (3.9+) interpreter used inside the sandbox; a system one
     * @param nodePath        node for JavaScript candidates; if missing, JavaScript runs are SANDBOX_ERRORs
     * @param libraryPaths    host directories mounted read-only for the interpreters' shared libraries
     * @param concurrency     runs at once (one warm sandbox each); 0 means the number of cores
     * @param runsPerSandbox  runs after which a sandbox is replaced (also after any abnormal run)
     * @param startTimeout    how long a new sandbox may take to become ready
     * @param uid             unprivileged uid/gid of the sandbox (and of bwrap itself when the worker is root)
     * @param tmpfsSizeMb     size of the sandbox's writable work directory
     */
    public record Sandbox(
            @DefaultValue("sandboxed") @NotNull SandboxMode mode,
            @DefaultValue("/usr/bin/bwrap") @NotNull Path bwrapPath,
            @DefaultValue("/usr/bin/python3") @NotNull Path pythonPath,
            @DefaultValue("/usr/bin/node") Path nodePath,
            @DefaultValue({"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64",
                    "/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu"}) List<Path> libraryPaths,
            @DefaultValue("0") @Min(0) @Max(1024) int concurrency,
            @DefaultValue("100") @Min(1) int runsPerSandbox,
            @DefaultValue("15s") @NotNull Duration startTimeout,
            @DefaultValue("65534") @Min(1) int uid,
            @DefaultValue("64") @Min(1) @Max(65536) int tmpfsSizeMb) {
    }

    /**
     * @param defaults limits of a run when the job sets none (unset values: {@link RunLimits#DEFAULTS})
     * @param maxima   limits no job can exceed (unset values: {@link RunLimits#MAXIMA})
     */
    public record Limits(@DefaultValue @Valid LimitValues defaults, @DefaultValue @Valid LimitValues maxima) {
    }

    /** One set of limits; see {@link RunLimits} for the meaning of each. */
    public record LimitValues(
            @Positive Double cpuSeconds,
            @Positive Double wallSeconds,
            @Min(32) Integer memoryMb,
            @Positive Integer maxProcesses,
            @Positive Integer maxFileSizeKb,
            @Min(16) Integer maxOpenFiles,
            @Positive Integer maxOutputKb) {

        RunLimits or(RunLimits fallback) {
            return new RunLimits(
                    cpuSeconds != null ? cpuSeconds : fallback.cpuSeconds(),
                    wallSeconds != null ? wallSeconds : fallback.wallSeconds(),
                    memoryMb != null ? memoryMb : fallback.memoryMb(),
                    maxProcesses != null ? maxProcesses : fallback.maxProcesses(),
                    maxFileSizeKb != null ? maxFileSizeKb : fallback.maxFileSizeKb(),
                    maxOpenFiles != null ? maxOpenFiles : fallback.maxOpenFiles(),
                    maxOutputKb != null ? maxOutputKb : fallback.maxOutputKb());
        }
    }

    /** The plain settings the sandbox package works with. */
    public SandboxSettings toSettings() {
        int concurrency = sandbox.concurrency() > 0 ? sandbox.concurrency() : Runtime.getRuntime().availableProcessors();
        return new SandboxSettings(sandbox.mode(), sandbox.bwrapPath(), sandbox.pythonPath(), sandbox.nodePath(),
                sandbox.libraryPaths(), concurrency, sandbox.runsPerSandbox(), sandbox.startTimeout(), sandbox.uid(),
                sandbox.tmpfsSizeMb(), limits.defaults().or(RunLimits.DEFAULTS), limits.maxima().or(RunLimits.MAXIMA));
    }
}
