package io.codesynth.verification.worker;

import io.codesynth.verification.sandbox.SandboxUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns "no sandbox" into Boot's short "APPLICATION FAILED TO START" report. */
public final class SandboxUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<SandboxUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SandboxUnavailableException cause) {
        return new FailureAnalysis("The verification worker cannot run candidates in a sandbox, so it does not start: "
                + cause.getMessage(),
                "Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap python3 nodejs) and make sure user "
                        + "namespaces are allowed, or set codesynth.verification.sandbox.bwrap-path. For development "
                        + "only, codesynth.verification.sandbox.mode=unsandboxed runs candidates without isolation.",
                cause);
    }
}
