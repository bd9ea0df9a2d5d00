package io.codesynth.deployment;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The offline validators the deployment files are checked with: {@code docker-compose} (Debian package
 * {@code docker-compose}, the Python v1 tool, for {@code config -q}) and {@code promtool} (Debian package
 * {@code prometheus}). A missing tool fails the test, naming the package to install, unless
 * {@code CODESYNTH_ALLOW_MISSING_TOOLS=1} is set: then the test is skipped with that message.
 */
final class ComposeTools {

    static final String ALLOW_MISSING = "CODESYNTH_ALLOW_MISSING_TOOLS";

    record Result(int exitCode, String output) {
    }

    private ComposeTools() {
    }

    /** The tool on the PATH; fails (or, with CODESYNTH_ALLOW_MISSING_TOOLS=1, skips) if it is not there. */
    static Path require(String tool, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = tool + " is not installed (not on the PATH); install the Debian package " + debianPackage
                + " (apt-get install -y " + debianPackage + "), or set " + ALLOW_MISSING + "=1 to skip this check";
        if ("1".equals(System.getenv(ALLOW_MISSING))) {
            Assumptions.abort(message);
        }
        return fail(message);
    }

    /**
     * Runs a command in the repository root with the given environment changes (a null value removes the
     * variable) and returns its exit code and combined output.
     */
    static Result run(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ComposeProject.ROOT.toFile()).redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fail("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + command);
        }
    }

    static List<String> command(Path tool, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(arguments));
        return command;
    }
}
