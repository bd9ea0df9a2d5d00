package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.codesynth.contracts.JobState;
import io.codesynth.contracts.PipelineJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The multi-process run as a user starts it: {@code java -jar standalone-exec.jar start --processes} with two
 * generation and two verification workers, each service its own OS process. A job of 16 held-out problems must
 * be spread over both workers of each kind (the worker ids on the candidates are those processes' pids), end
 * ranked, and survive a worker killed with SIGKILL (--restart starts it again); {@code status} shows every process
 * up; SIGTERM to the launcher stops everything, and no process of the run may be left behind.
 *
 * <p>Runs in the integration-test phase: it needs the exec jars the package phase builds.
 */
class MultiProcessPipelineIT {

    private static final Path HOME = Path.of(System.getProperty(ServiceJars.HOME_PROPERTY, "..")).toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);
    private static final int TASKS = 16;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    private Path dataDir;
    private Process launcher;

    @AfterEach
    void killWhateverIsLeft() {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroyForcibly();
        }
        if (dataDir != null) {
            ProcessMarker.processesOf(dataDir).forEach(ProcessHandle::destroyForcibly);
            LocalPostgres.serverPid(dataDir.resolve(StandaloneRuntime.POSTGRES_DIR))
                    .flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void twoWorkersOfEachKindShareAJobAsSeparateProcessesAndLeaveNothingBehind() throws Exception {
        dataDir = temp.resolve("data");
        Path output = temp.resolve("launcher.out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-D" + ServiceJars.HOME_PROPERTY + "=" + HOME,
                "-jar", new ServiceJars(HOME).standalone().toString(),
                "start", "--processes", "--generation-workers", "2", "--verification-workers", "2", "--restart",
                "--data-dir", dataDir.toString()));
        command.addAll(freePortFlags());
        launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();

        awaitOutput(output, text -> text.contains("Serving until Ctrl-C."), START_TIMEOUT);
        String banner = Files.readString(output);
        String apiKey = banner.lines().filter(line -> line.contains("export " + StandaloneConsole.API_KEY_VARIABLE + "="))
                .findFirst().map(line -> line.substring(line.indexOf('=') + 1).trim()).orElseThrow();
        ProcessTable table = ProcessTable.read(dataDir).orElseThrow();

        // every service its own process, listening on its own port (as ss -ltnp would show)
        assertThat(table.processes()).extracting(ProcessTable.Entry::name).containsExactly("postgres", "kafka",
                "results-service", "verification-worker-1", "verification-worker-2", "generation-worker-1",
                "generation-worker-2", "gateway-service");
        assertThat(table.processes()).extracting(ProcessTable.Entry::pid).doesNotHaveDuplicates()
                .doesNotContain(ProcessHandle.current().pid(), launcher.pid());
        Map<Integer, Long> listeners = ListeningSockets.pidsByPort();
        for (ProcessTable.Entry entry : table.processes()) {
            assertThat(listeners.get(entry.port())).as("the pid listening on %s's port %d", entry.name(), entry.port())
                    .isEqualTo(entry.pid());
        }
        String gateway = entry(table, "gateway-service").url();

        // a job of 16 tasks: with 12 partitions per topic, both workers of a kind get some of them
        byte[] problems = DemoProblems.heldOut(TASKS).ndjson();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(gateway
                        + "/v1/jobs?name=multi-process&samples=2&maxNewTokens=48&steps=24&temperature=0.8"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", GatewayClient.NDJSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(problems)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String jobId = PipelineJson.mapper().readTree(submitted.body()).path("jobId").asString();

        JsonNode job = awaitJob(gateway, apiKey, jobId);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        Set<Long> generationPids = pidsOf(table, PipelineServices.GENERATION_WORKER);
        Set<Long> verificationPids = pidsOf(table, PipelineServices.VERIFICATION_WORKER);
        assertThat(workerPids(job.path("workers").path("generation"))).as("generation workers that did part of the job")
                .isEqualTo(generationPids);
        assertThat(workerPids(job.path("workers").path("verification"))).as("verification workers that did part of the job")
                .isEqualTo(verificationPids);

        JsonNode tasks = get(gateway + "/v1/jobs/" + jobId + "/tasks?candidates=all", apiKey);
        assertThat(tasks.path("items").size()).isEqualTo(TASKS);
        for (JsonNode task : tasks.path("items")) {
            assertThat(task.path("state").asString()).isEqualTo("COMPLETED");
            List<Integer> ranks = new ArrayList<>();
            for (JsonNode candidate : task.path("candidates")) {
                ranks.add(candidate.path("rank").asInt());
                assertThat(workerPid(candidate.path("generatedBy").asString())).isIn(generationPids);
                assertThat(workerPid(candidate.path("verifiedBy").asString())).isIn(verificationPids);
            }
            assertThat(ranks).as("candidates of %s, ranked best first", task.path("taskId")).containsExactly(1, 2);
        }

        // status: every process up, both worker groups with two members
        ProcessResult status = runLauncher("status", "--data-dir", dataDir.toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("gateway-service").doesNotContain("DEAD").doesNotContain("DOWN")
                .containsPattern("generation-worker +2 members")
                .containsPattern("verification-worker +2 members");

        // a worker killed mid-run is reported and started again
        ProcessTable.Entry victim = entry(table, "generation-worker-2");
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
        awaitOutput(output, text -> text.contains("restarted generation-worker-2"), Duration.ofMinutes(1));
        assertThat(Files.readString(output)).contains("generation-worker-2 exited with status 137 (killed by signal 9)");
        assertThat(entry(ProcessTable.read(dataDir).orElseThrow(), "generation-worker-2").pid()).isNotEqualTo(victim.pid());

        // SIGTERM, as Ctrl-C or a service manager would stop it: everything stops, in order, nothing is left
        List<ProcessTable.Entry> before = ProcessTable.read(dataDir).orElseThrow().processes();
        launcher.destroy();
        assertThat(launcher.waitFor(3, TimeUnit.MINUTES)).as("the launcher stopped").isTrue();
        assertThat(Files.readString(output)).contains("CodeSynth stopped.");
        // PostgreSQL's postmaster is not our child (pg_ctl detaches it): it may take a moment to be reaped
        for (ProcessTable.Entry entry : before) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ProcessHandle.of(entry.pid()).map(ProcessHandle::isAlive).orElse(false))
                            .as("%s (pid %d) is still running", entry.name(), entry.pid()).isFalse());
        }
        assertThat(ProcessMarker.processesOf(dataDir)).as("processes of the run left behind").isEmpty();
        assertThat(ProcessTable.read(dataDir)).as("the process table of a stopped run").isEmpty();
    }

    private static ProcessTable.Entry entry(ProcessTable table, String name) {
        return table.processes().stream().filter(entry -> entry.name().equals(name)).findFirst().orElseThrow();
    }

    private static Set<Long> pidsOf(ProcessTable table, String kind) {
        return table.processes().stream().filter(entry -> entry.kind().equals(kind))
                .map(ProcessTable.Entry::pid).collect(Collectors.toSet());
    }

    /** The pids of the worker ids ({@code host/pid}) that are the field names of {@code workers}. */
    private static Set<Long> workerPids(JsonNode workers) {
        Set<Long> pids = new HashSet<>();
        workers.propertyNames().forEach(id -> pids.add(workerPid(id)));
        return pids;
    }

    private static long workerPid(String workerId) {
        assertThat(workerId).as("a worker id: host/pid").matches(".+/\\d+");
        return Long.parseLong(workerId.substring(workerId.lastIndexOf('/') + 1));
    }

    private JsonNode awaitJob(String gateway, String apiKey, String jobId) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonNode job = get(gateway + "/v1/jobs/" + jobId, apiKey);
        while (System.nanoTime() < deadline) {
            job = get(gateway + "/v1/jobs/" + jobId, apiKey);
            String state = job.path("state").asString("");
            if (!state.isEmpty() && JobState.valueOf(state).isFinal()) {
                return job;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return fail("job " + jobId + " did not end within " + JOB_TIMEOUT + ": " + job);
    }

    private JsonNode get(String url, String apiKey) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return PipelineJson.mapper().createObjectNode(); // not stored yet
        }
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return PipelineJson.mapper().readTree(response.body());
    }

    private void awaitOutput(Path output, Predicate<String> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = Files.exists(output) ? Files.readString(output) : "";
            if (condition.test(text)) {
                return;
            }
            if (!launcher.isAlive()) {
                fail("the launcher exited with status " + launcher.exitValue() + ":\n" + text + logs());
            }
            if (System.nanoTime() > deadline) {
                fail("not seen within " + timeout + " in the launcher's output:\n" + text + logs());
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** The end of each process's log, for a failure message. */
    private String logs() throws IOException {
        Path logs = dataDir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                text.append("\n==> ").append(log.getFileName()).append(" <==\n");
                ProcessSupervisor.tail(log, 20).forEach(line -> text.append(line).append('\n'));
            }
        }
        return text.toString();
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private ProcessResult runLauncher(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", new ServiceJars(HOME).standalone().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new ProcessResult(process.exitValue(), text);
    }

    /** A free port for each port flag (worker i listens on its kind's port + 100 × (i − 1), so those are free too). */
    private static List<String> freePortFlags() {
        List<String> flags = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        int candidate = 20000 + (int) (ProcessHandle.current().pid() % 5000) * 2;
        for (PortSetting setting : PortSetting.values()) {
            boolean worker = setting == PortSetting.GENERATION || setting == PortSetting.VERIFICATION;
            while (taken.contains(candidate) || !PortCheck.isFree(candidate)
                    || worker && (taken.contains(candidate + ProcessPlan.WORKER_PORT_STEP)
                            || !PortCheck.isFree(candidate + ProcessPlan.WORKER_PORT_STEP))) {
                candidate++;
            }
            taken.add(candidate);
            if (worker) {
                taken.add(candidate + ProcessPlan.WORKER_PORT_STEP);
            }
            flags.add(setting.flag());
            flags.add(String.valueOf(candidate));
            candidate++;
        }
        return flags;
    }
}
