package io.codesynth.standalone;

import java.util.List;

import io.codesynth.verification.sandbox.SandboxUnavailableException;
import org.slf4j.LoggerFactory;

/**
 * Why the standalone could not start, in a few lines for its user (the stack trace goes to the log
 * only). A missing sandbox gets its own explanation: the verification worker fails closed, and the user
 * needs to know both the fix and the development-only way around it.
 */
final class StartFailure {

    static final String INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap python3 nodejs)"
            + " and allow unprivileged user namespaces, then start again";

    private StartFailure() {
    }

    /** The whole failure, with its stack trace, for the log file (logback.xml keeps this logger off the console). */
    static void log(Throwable failure) {
        LoggerFactory.getLogger(StartFailure.class).error("CodeSynth could not start", failure);
    }

    /** The lines to print, each meant to be prefixed by nothing: the first names the program. */
    static List<String> describe(Throwable failure) {
        SandboxUnavailableException sandbox = sandboxFailure(failure);
        if (sandbox != null) {
            return List.of(
                    "codesynth: " + PipelineServices.VERIFICATION_WORKER + " cannot run candidates in a sandbox, so CodeSynth"
                            + " does not start (it never runs generated code without isolation unless told to):",
                    "  " + sandbox.getMessage(),
                    "fix: " + INSTALL_HINT + ".",
                    "development only: " + StandaloneOptions.UNSANDBOXED_FLAG + " runs candidates WITHOUT isolation;"
                            + " never use it for code you do not trust.");
        }
        return List.of("codesynth: could not start: " + failure.getMessage());
    }

    private static SandboxUnavailableException sandboxFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SandboxUnavailableException sandbox) {
                return sandbox;
            }
        }
        return null;
    }
}
