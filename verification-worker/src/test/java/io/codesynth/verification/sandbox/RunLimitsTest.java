package io.codesynth.verification.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.SandboxLimits;
import org.junit.jupiter.api.Test;

class RunLimitsTest {

    @Test
    void aJobsLimitsFillInFromTheDefaultsAndAreCappedByTheMaxima() {
        SandboxLimits requested = new SandboxLimits(2.5, null, 100_000, null, null, 8000, null);

        RunLimits limits = RunLimits.DEFAULTS.resolve(requested, RunLimits.MAXIMA);

        assertThat(limits).isEqualTo(new RunLimits(2.5, 10, 4096, 32, 10_240, 1024, 1024));
        assertThat(RunLimits.DEFAULTS.resolve(null, RunLimits.MAXIMA)).isEqualTo(RunLimits.DEFAULTS);
    }

    @Test
    void aNonPositiveLimitIsRejectedNamingTheField() {
        assertThatThrownBy(() -> RunLimits.DEFAULTS.resolve(new SandboxLimits(null, 0.0, null, null, null, null, null),
                RunLimits.MAXIMA)).hasMessage("limits.wallSeconds must be positive, was 0.0");
        assertThatThrownBy(() -> new RunLimits(1, 1, 8, 1, 1, 64, 1)).hasMessageContaining("memoryMb must be at least 32");
    }
}
