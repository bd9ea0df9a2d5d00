package io.codesynth.verification.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The host check every other sandbox test depends on. If this fails, install the Debian packages
 * bubblewrap, python3 and nodejs (CI does) and make sure user namespaces are allowed.
 */
class BubblewrapAvailabilityTest {

    @Test
    void bubblewrapIsInstalledAndCanCreateNamespaces() throws Exception {
        SandboxSettings settings = TestSandboxes.settings();
        assertThat(Files.isExecutable(settings.bwrap()))
                .as("bubblewrap at %s (Debian package bubblewrap)", settings.bwrap()).isTrue();
        try (SandboxPool pool = SandboxPool.open(settings, null)) {
            assertThat(pool.runtimes().bwrapVersion()).startsWith("bubblewrap");
            assertThat(pool.runtimes().pythonVersion()).startsWith("3.");
        }
    }

    @Test
    void theWorkerRefusesToRunWithoutBubblewrap() {
        SandboxSettings missing = TestSandboxes.settings().withBwrap(Path.of("/nonexistent/bwrap"));

        assertThatThrownBy(() -> SandboxPool.open(missing, null))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("bubblewrap was not found at /nonexistent/bwrap")
                .hasMessageContaining("apt-get install bubblewrap");
    }

    @Test
    void aSandboxThatCannotStartIsReportedWithBubblewrapsReason() {
        // /bin/false stands in for a bwrap that cannot create namespaces: it exits at once
        SandboxSettings broken = TestSandboxes.settings().withBwrap(Path.of("/bin/false"));

        assertThatThrownBy(() -> SandboxPool.open(broken, null))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("/bin/false --version failed");
    }
}
