package io.codesynth.verification.worker;

import io.codesynth.verification.sandbox.Runtimes;
import io.codesynth.verification.sandbox.SandboxPool;
import io.codesynth.verification.sandbox.SandboxSettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health/sandbox}: the sandbox mode and runtimes. The pool only exists if the sandbox
 * passed its self-test at start (fail closed), so the worker is up whenever this indicator exists.
 */
final class SandboxHealthIndicator implements HealthIndicator {

    private final SandboxPool pool;

    SandboxHealthIndicator(SandboxPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        SandboxSettings settings = pool.settings();
        Runtimes runtimes = pool.runtimes();
        Health.Builder health = Health.up()
                .withDetail("mode", settings.sandboxed() ? "sandboxed" : "unsandboxed")
                .withDetail("bubblewrap", settings.sandboxed() ? runtimes.bwrapVersion() : "not used")
                .withDetail("python", runtimes.pythonVersion())
                .withDetail("node", runtimes.nodeVersion() == null ? "not installed" : runtimes.nodeVersion())
                .withDetail("concurrency", settings.concurrency())
                .withDetail("warmSandboxes", pool.warmSandboxes())
                .withDetail("queueLength", pool.queueLength());
        if (!settings.sandboxed()) {
            health.withDetail("warning", "candidates run WITHOUT isolation (development mode)");
        }
        return health.build();
    }
}
