package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.codesynth.contracts.auth.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification worker fails closed: without bubblewrap it does not start, and the standalone says
 * why, how to fix it and what the development-only way around it is, in a few lines.
 */
class StartFailureTest {

    @Test
    void withoutBubblewrapTheVerificationWorkerDoesNotStartAndTheUserLearnsTheFix(@TempDir Path dataDir) {
        PipelineService worker = PipelineServices.all(new RunSettings(dataDir, Optional.empty(), false)).stream()
                .filter(service -> service.name().equals(PipelineServices.VERIFICATION_WORKER))
                .findFirst().orElseThrow();
        Map<String, String> ownProperties = new HashMap<>(worker.ownProperties().apply(null));
        ownProperties.put("codesynth.verification.sandbox.bwrap-path", dataDir.resolve("no-bwrap").toString());
        PipelineService withoutBubblewrap = worker.withOwnProperties(started -> ownProperties);
        // the pool's self-test fails before anything talks to Kafka; nothing listens at this address
        ServiceEnvironment environment = new ServiceEnvironment("127.0.0.1:9", "", "", "",
                StandaloneRuntime.DEMO_TENANT, ApiKeys.sha256Hex(ApiKeys.generateKey()));

        Throwable failure = catchThrowable(() -> ServiceContexts.start(List.of(withoutBubblewrap), environment,
                Map.of(PortSetting.VERIFICATION, 0)));

        assertThat(ownProperties).containsEntry(PipelineServices.SANDBOX_MODE_PROPERTY, "sandboxed");
        assertThat(failure).hasMessageStartingWith("verification-worker did not start: bubblewrap was not found at "
                + dataDir.resolve("no-bwrap"));
        List<String> lines = StartFailure.describe(failure);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("codesynth: verification-worker cannot run candidates in a sandbox, so"
                + " CodeSynth does not start (it never runs generated code without isolation unless told to):");
        assertThat(lines.get(1)).startsWith("  bubblewrap was not found at " + dataDir.resolve("no-bwrap"));
        assertThat(lines.get(2)).startsWith("fix: install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap");
        assertThat(lines.get(3)).startsWith("development only: --unsandboxed runs candidates WITHOUT isolation");
    }

    @Test
    void anyOtherFailureIsOneLine() {
        assertThat(StartFailure.describe(new IllegalStateException("results-service did not start: port 8081 in use")))
                .containsExactly("codesynth: could not start: results-service did not start: port 8081 in use");
    }
}
