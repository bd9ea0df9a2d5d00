package io.codesynth.standalone;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ProcessPlan}: PostgreSQL (a server process of its own) and Kafka (its own JVM) first, then the
 * services, each from its exec jar as its own JVM, waiting for each one's readiness as an orchestrator's probe
 * would. Afterwards it watches them: a process that exits is reported with its exit status and the end of its
 * log, and with {@code restart} started again after a back-off, as compose's {@code restart: unless-stopped}
 * does. {@link #close()} stops everything in reverse start order, SIGTERM first (each service stops gracefully),
 * SIGKILL for one that has not stopped within {@link #STOP_TIMEOUT}.
 *
 * <p>Each child runs in a session of its own ({@code setsid}), so the terminal's Ctrl-C reaches only the
 * launcher, which then stops the children in order; PostgreSQL detaches itself the same way.
 */
final class ProcessSupervisor implements AutoCloseable {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration KAFKA_START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration GROUP_JOIN_TIMEOUT = Duration.ofSeconds(90);
    static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    static final Duration LONGEST_RESTART_DELAY = Duration.ofSeconds(30);
    /** A process that ran this long before it died is restarted after the first delay again. */
    static final Duration STABLE_RUN = Duration.ofMinutes(1);
    /** Lines of a dead process's log shown with the report of its death. */
    static final int LOG_TAIL_LINES = 15;
    static final String POSTGRES = "postgres";

    private static final Logger log = LoggerFactory.getLogger(ProcessSupervisor.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ProcessPlan plan;
    private final RunSettings run;
    private final int postgresPort;
    private final boolean restart;
    private final PrintStream err;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "codesynth-restarts");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Child> children = new ArrayList<>();
    private final Instant startedAt = Instant.now();
    private volatile LocalPostgres postgres;
    private volatile boolean stopping;

    /** One supervised process and its history. */
    private final class Child {
        final ServiceProcess spec;
        volatile Process process;
        volatile Instant since;
        volatile Duration nextDelay = FIRST_RESTART_DELAY;
        volatile int restarts;

        Child(ServiceProcess spec) {
            this.spec = spec;
        }

        /** Why it will not become ready, or null while it runs. */
        String gone() {
            Process current = process;
            return current.isAlive() ? null : describeExit(spec, current.exitValue());
        }
    }

    /**
     * @param postgresPort the PostgreSQL port
     * @param restart      restart processes that die
     * @param err          where deaths and restarts are reported
     */
    ProcessSupervisor(ProcessPlan plan, RunSettings run, int postgresPort, boolean restart, PrintStream err) {
        this.plan = plan;
        this.run = run;
        this.postgresPort = postgresPort;
        this.restart = restart;
        this.err = err;
    }

    /** The JDBC URL the plan's services use. */
    static String jdbcUrl(int postgresPort) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + LocalPostgres.DATABASE;
    }

    Path logDir() {
        return run.dataDir().resolve("logs");
    }

    /**
     * Stops what a supervisor that was killed left running on this data directory, and refuses to run beside one
     * that still runs. Call before any port is checked: leftovers hold the ports.
     *
     * @return one sentence per thing stopped
     * @throws IllegalStateException if another supervisor runs on the data directory
     */
    static List<String> stopLeftovers(Path dataDir) throws IOException {
        List<String> stopped = new ArrayList<>();
        Optional<ProcessTable> table = ProcessTable.read(dataDir);
        if (table.isPresent() && table.get().supervisorAlive() && table.get().supervisorPid() != ProcessHandle.current().pid()) {
            throw new IllegalStateException("CodeSynth already runs on " + dataDir + " (supervisor pid "
                    + table.get().supervisorPid() + "); stop it first, or give this run another --data-dir");
        }
        for (ProcessHandle leftover : ProcessMarker.processesOf(dataDir)) {
            if (leftover.pid() == ProcessHandle.current().pid()) {
                continue;
            }
            String name = ProcessMarker.nameOf(leftover).orElse("process");
            stop(leftover, Duration.ofSeconds(15));
            stopped.add("stopped " + name + " (pid " + leftover.pid() + ") left running by an earlier run");
        }
        LocalPostgres.stopLeftoverServer(dataDir.resolve(StandaloneRuntime.POSTGRES_DIR)).ifPresent(stopped::add);
        ProcessTable.remove(dataDir);
        return stopped;
    }

    /**
     * Starts PostgreSQL and Kafka, then the services, and waits until each is ready.
     *
     * @throws IllegalStateException naming the process that did not start and why; what had started is stopped
     */
    void start(ServiceReadiness readiness) throws IOException {
        Files.createDirectories(logDir());
        for (ServiceProcess process : plan.all()) {
            Files.writeString(process.log(), "");
        }
        Path postgresLog = logDir().resolve(POSTGRES + ".log");
        Files.writeString(postgresLog, "");
        CompletableFuture<LocalPostgres> postgresStart = CompletableFuture.supplyAsync(() -> {
            try {
                return LocalPostgres.start(run.dataDir().resolve(StandaloneRuntime.POSTGRES_DIR), postgresPort, postgresLog);
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage()
                        + " (its log: " + postgresLog + ")", e);
            }
        });
        try {
            Child kafka = launch(plan.kafka());
            awaitKafka(kafka);
            postgres = join(postgresStart);
            watchPostgres();
            List<Child> backends = new ArrayList<>();
            for (ServiceProcess backend : plan.backends()) {
                backends.add(launch(backend));
            }
            awaitReady(readiness, backends);
            awaitReady(readiness, List.of(launch(plan.gateway())));
            writeTable();
        } catch (RuntimeException e) {
            if (postgres == null) {
                postgres = postgresStart.handle((started, failure) -> started).join();
            }
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        for (Child child : children) {
            child.process.onExit().thenAccept(exited -> onExit(child, exited));
        }
    }

    /**
     * Waits until each worker group has as many members as the plan has workers of that kind, so the first job
     * is spread over all of them instead of going to whichever joined first.
     *
     * @return the groups that did not fill in time, empty when all did
     */
    List<String> awaitConsumerGroups(ConsumerLag lag, Map<String, Integer> expectedMembers) throws InterruptedException {
        long deadline = System.nanoTime() + GROUP_JOIN_TIMEOUT.toNanos();
        while (true) {
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Integer> group : expectedMembers.entrySet()) {
                int members = lag.assignedMembers(group.getKey());
                if (members < group.getValue()) {
                    missing.add(group.getKey() + " (" + members + " of " + group.getValue() + " members)");
                }
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** Every process as it runs now, for the banner and {@code codesynth status}: PostgreSQL first, then start order. */
    ProcessTable table() {
        List<ProcessTable.Entry> entries = new ArrayList<>();
        entries.add(new ProcessTable.Entry(POSTGRES, POSTGRES,
                LocalPostgres.serverPid(run.dataDir().resolve(StandaloneRuntime.POSTGRES_DIR)).orElse(-1L),
                postgresPort, "", logDir().resolve(POSTGRES + ".log").toString()));
        synchronized (children) {
            for (Child child : children) {
                entries.add(new ProcessTable.Entry(child.spec.name(), child.spec.kind(), child.process.pid(),
                        child.spec.port(), child.spec.isKafka() ? "" : child.spec.url(), child.spec.log().toString()));
            }
        }
        return new ProcessTable(ProcessHandle.current().pid(), startedAt.toString(), "127.0.0.1:" + plan.kafka().port(),
                entries);
    }

    /** Stops everything in reverse start order; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (stopping && children.isEmpty() && postgres == null) {
            return;
        }
        stopping = true;
        restarts.shutdownNow();
        List<Child> reverse;
        synchronized (children) {
            reverse = new ArrayList<>(children).reversed();
        }
        // one kind at a time, the processes of a kind together: the gateway, the workers, results-service, Kafka
        List<List<Child>> stages = new ArrayList<>();
        for (Child child : reverse) {
            if (!stages.isEmpty() && stages.getLast().getFirst().spec.kind().equals(child.spec.kind())) {
                stages.getLast().add(child);
            } else {
                stages.add(new ArrayList<>(List.of(child)));
            }
        }
        for (List<Child> stage : stages) {
            stage.stream().map(child -> CompletableFuture.runAsync(() -> stop(child.process.toHandle(), STOP_TIMEOUT)))
                    .toList().forEach(CompletableFuture::join);
        }
        synchronized (children) {
            children.clear();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException e) {
                err.println("codesynth: stopping PostgreSQL was not clean: " + e.getMessage());
            }
            postgres = null;
        }
        // anything still marked as this run's (a process started while stopping) goes too
        for (ProcessHandle leftover : ProcessMarker.processesOf(run.dataDir())) {
            if (leftover.pid() != ProcessHandle.current().pid()) {
                stop(leftover, STOP_TIMEOUT);
            }
        }
        try {
            ProcessTable.remove(run.dataDir());
        } catch (IOException e) {
            err.println("codesynth: cannot remove " + ProcessTable.file(run.dataDir()) + ": " + e.getMessage());
        }
    }

    /** "generation-worker-2 exited with status 137 (killed by SIGKILL); the end of its log ...". */
    static String describeExit(ServiceProcess spec, int status) {
        StringBuilder text = new StringBuilder(spec.name()).append(" exited with status ").append(status);
        if (status > 128 && status < 128 + 32) {
            text.append(" (killed by signal ").append(status - 128).append(')');
        }
        List<String> tail = tail(spec.log(), LOG_TAIL_LINES);
        if (tail.isEmpty()) {
            return text.append("; its log ").append(spec.log()).append(" is empty").toString();
        }
        text.append("; the end of its log ").append(spec.log()).append(":");
        tail.forEach(line -> text.append(System.lineSeparator()).append("    ").append(line));
        return text.toString();
    }

    /** The last {@code lines} lines of a file, reading at most its last 64 KiB. */
    static List<String> tail(Path file, int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static LocalPostgres join(CompletableFuture<LocalPostgres> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Child launch(ServiceProcess spec) {
        Child child = new Child(spec);
        child.process = startProcess(spec);
        child.since = Instant.now();
        synchronized (children) {
            children.add(child);
        }
        log.info("started {} (pid {}): {}", spec.name(), child.process.pid(), String.join(" ", spec.command()));
        return child;
    }

    private static Process startProcess(ServiceProcess spec) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(spec.environment());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(spec.name() + " could not be started: " + e.getMessage(), e);
        }
    }

    private void awaitKafka(Child kafka) {
        long deadline = System.nanoTime() + KAFKA_START_TIMEOUT.toNanos();
        while (true) {
            String gone = kafka.gone();
            if (gone != null) {
                throw new IllegalStateException("the Kafka broker did not start: " + gone);
            }
            try {
                ConsumerLag.awaitBroker("127.0.0.1:" + kafka.spec.port(), Duration.ofSeconds(2));
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker did not answer within "
                            + KAFKA_START_TIMEOUT.toSeconds() + " s (its log: " + kafka.spec.log() + ")");
                }
            }
        }
    }

    private void awaitReady(ServiceReadiness readiness, List<Child> group) {
        ServiceReadiness.Outcome outcome = readiness.await(group.stream()
                .map(child -> new ServiceReadiness.Target(child.spec.name(), child.spec.url() + child.spec.readinessPath(),
                        child::gone))
                .toList());
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.failure());
        }
    }

    private void watchPostgres() {
        LocalPostgres.serverPid(run.dataDir().resolve(StandaloneRuntime.POSTGRES_DIR))
                .flatMap(ProcessHandle::of)
                .ifPresent(server -> server.onExit().thenAccept(exited -> onPostgresExit()));
    }

    private void onPostgresExit() {
        if (stopping) {
            return;
        }
        List<String> tail = tail(logDir().resolve(POSTGRES + ".log"), LOG_TAIL_LINES);
        err.println("codesynth: PostgreSQL exited; the end of its log " + logDir().resolve(POSTGRES + ".log") + ":");
        tail.forEach(line -> err.println("    " + line));
        if (!restart) {
            return;
        }
        restarts.schedule(() -> {
            try {
                LocalPostgres previous = postgres;
                if (previous != null) {
                    try {
                        previous.close();
                    } catch (IOException | RuntimeException e) {
                        log.info("closing the PostgreSQL that exited: {}", e.getMessage());
                    }
                }
                postgres = LocalPostgres.start(run.dataDir().resolve(StandaloneRuntime.POSTGRES_DIR), postgresPort,
                        logDir().resolve(POSTGRES + ".log"));
                watchPostgres();
                writeTable();
                err.println("codesynth: restarted PostgreSQL");
            } catch (IOException | RuntimeException e) {
                err.println("codesynth: PostgreSQL could not be restarted: " + e.getMessage());
            }
        }, FIRST_RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onExit(Child child, Process exited) {
        if (stopping || child.process != exited) {
            return;
        }
        err.println("codesynth: " + describeExit(child.spec, exited.exitValue()));
        if (!restart) {
            return;
        }
        if (Duration.between(child.since, Instant.now()).compareTo(STABLE_RUN) >= 0) {
            child.nextDelay = FIRST_RESTART_DELAY;
        }
        Duration delay = child.nextDelay;
        child.nextDelay = Stream.of(delay.multipliedBy(2), LONGEST_RESTART_DELAY).min(Duration::compareTo).orElseThrow();
        err.println("codesynth: restarting " + child.spec.name() + " in " + delay.toSeconds() + " s");
        restarts.schedule(() -> restart(child), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Child child) {
        if (stopping) {
            return;
        }
        try {
            Files.writeString(child.spec.log(), "---- restarted by codesynth at " + Instant.now() + " ----"
                    + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
            Process process = startProcess(child.spec);
            child.process = process;
            child.since = Instant.now();
            child.restarts++;
            process.onExit().thenAccept(exited -> onExit(child, exited));
            writeTable();
            err.println("codesynth: restarted " + child.spec.name() + " (pid " + process.pid() + ", restart "
                    + child.restarts + ")");
        } catch (IOException | RuntimeException e) {
            err.println("codesynth: " + child.spec.name() + " could not be restarted: " + e.getMessage());
        }
    }

    private void writeTable() {
        try {
            table().write(run.dataDir());
        } catch (IOException e) {
            err.println("codesynth: cannot write " + ProcessTable.file(run.dataDir()) + ": " + e.getMessage());
        }
    }

    /** SIGTERM, then SIGKILL after {@code timeout}; returns once the process is gone. */
    private static void stop(ProcessHandle process, Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} (pid {}) did not stop within {} s of SIGTERM; killing it",
                    ProcessMarker.nameOf(process).orElse("a process"), process.pid(), timeout.toSeconds());
            process.destroyForcibly();
            process.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
