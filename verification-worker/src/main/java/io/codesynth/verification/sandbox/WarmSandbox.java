package io.codesynth.verification.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running sandbox: a bwrap process with the zygote inside, serving one run at a time over its
 * stdin/stdout. Whatever the sandbox writes to stderr (bwrap's own complaints) is drained in the
 * background, keeping only the last few KB for error messages.
 */
final class WarmSandbox implements AutoCloseable {

    private static final int MAX_RESPONSE = 16 << 20;

    private final Process process;
    private final OutputStream stdin;
    private final BoundedLineReader stdout;
    private final StderrTail stderr;
    private final Path hostWork;
    private final boolean sandboxed;
    private int runs;

    private WarmSandbox(Process process, Path hostWork, boolean sandboxed) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = new BoundedLineReader(process.getInputStream(), MAX_RESPONSE);
        this.stderr = new StderrTail(process.getErrorStream());
        this.hostWork = hostWork;
        this.sandboxed = sandboxed;
    }

    /**
     * Starts a sandbox and waits for the zygote's greeting. Must be called on a thread that outlives
     * the sandbox: bwrap's --die-with-parent follows the thread that started the process.
     */
    static WarmSandbox start(List<String> command, Map<String, String> environment, Path hostWork, boolean sandboxed,
                             Duration timeout, ScheduledExecutorService watchdog) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        WarmSandbox sandbox = new WarmSandbox(process, hostWork, sandboxed);
        ScheduledFuture<?> kill = watchdog.schedule(process::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            String line = sandbox.stdout.readLine();
            if (line == null) {
                throw new IOException("the sandbox exited before it was ready" + sandbox.exitDetails());
            }
            ZygoteProtocol.ready(line);
            return sandbox;
        } catch (IOException | RuntimeException e) {
            sandbox.close();
            if (kill.isDone()) {
                throw new IOException("the sandbox did not become ready within " + timeout.toMillis() + " ms"
                        + sandbox.exitDetails(), e);
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage() + sandbox.exitDetails(), e);
        } finally {
            kill.cancel(false);
        }
    }

    /**
     * Sends one run and waits for its result; a sandbox that does not answer within {@code timeout}
     * is killed (the zygote enforces the run's own limits well before that).
     */
    RunResult run(RunRequest request, Duration timeout, ScheduledExecutorService watchdog) throws IOException {
        runs++;
        ScheduledFuture<?> kill = watchdog.schedule(process::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            stdin.write((ZygoteProtocol.request(request) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String line = stdout.readLine();
            if (line == null) {
                throw new IOException((kill.isDone() ? "the sandbox did not answer within " + timeout.toMillis() + " ms"
                        : "the sandbox exited during the run") + exitDetails());
            }
            return ZygoteProtocol.response(line, sandboxed);
        } finally {
            kill.cancel(false);
        }
    }

    int runs() {
        return runs;
    }

    boolean alive() {
        return process.isAlive();
    }

    Path hostWork() {
        return hostWork;
    }

    private String exitDetails() {
        StringBuilder details = new StringBuilder();
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                details.append(" (exit status ").append(process.exitValue()).append(')');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stderr.awaitEnd(Duration.ofSeconds(1));
        String tail = stderr.tail().strip();
        if (!tail.isEmpty()) {
            details.append(": ").append(tail);
        }
        return details.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is gone either way
        }
        if (hostWork != null) {
            HarnessFiles.deleteTree(hostWork);
        }
    }

    /** Drains a stream in the background, keeping its last few KB. */
    static final class StderrTail {

        private static final int KEEP = 4096;
        private final byte[] ring = new byte[KEEP];
        private long written;
        private final Thread thread;

        StderrTail(InputStream in) {
            thread = Thread.ofPlatform().daemon().name("sandbox-stderr").start(() -> drain(in));
        }

        private void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) (written++ % KEEP)] = buffer[i];
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        void awaitEnd(Duration timeout) {
            try {
                thread.join(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized String tail() {
            int size = (int) Math.min(written, KEEP);
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = ring[(int) ((written - size + i) % KEEP)];
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
