package io.codesynth.verification.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.PipelineJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox itself, without the harness: the bwrap command of a pool runs a probe script instead
 * of the zygote, so what the probe sees is what any program would see, audit hooks or not.
 */
class SandboxIsolationTest {

    private static final String PROBE = """
            import json, os, socket, sys
            port, host_dir, project = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            out = {"uid": os.getuid(), "gid": os.getgid(), "pid": os.getpid(), "env": dict(os.environ),
                   "root": sorted(os.listdir("/")), "interfaces": [n for _, n in socket.if_nameindex()],
                   "pids": sorted(p for p in os.listdir("/proc") if p.isdigit())}
            out["pid1_environ"] = open("/proc/1/environ", "rb").read().decode()
            for path in ("/root", project, host_dir, "/work/main", "/etc/passwd", "/home"):
                out["exists:" + path] = os.path.exists(path)
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", port))
                out["connect"] = "connected"
            except OSError as e:
                out["connect"] = type(e).__name__
            writes = {}
            for path in ("/x", "/usr/x", "/usr/lib/x", "/dev/x", "/dev/shm/x", "/harness/x", "/proc/x",
                         host_dir + "/x", "/work/ok"):
                try:
                    with open(path, "w") as f:
                        f.write("x")
                    writes[path] = "written"
                except OSError as e:
                    writes[path] = type(e).__name__
            out["writes"] = writes
            print(json.dumps(out))
            """;

    @Test
    void aProgramSeesNothingOfTheHost(@TempDir Path hostDir) throws Exception {
        SandboxSettings settings = TestSandboxes.settings();
        Runtimes runtimes = Runtimes.detect(settings);
        try (HarnessFiles harness = HarnessFiles.extract();
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> command = probeCommand(new SandboxCommand(settings, runtimes, harness.directory()).command(null),
                    settings, server.getLocalPort(), hostDir);
            JsonNode seen = run(command, new SandboxCommand(settings, runtimes, harness.directory()).environment(null));

            assertThat(seen.get("uid").asInt()).isEqualTo(settings.sandboxUid());
            assertThat(seen.get("gid").asInt()).isEqualTo(settings.sandboxUid());
            assertThat(seen.get("pid").asInt()).isEqualTo(1);
            assertThat(seen.get("pids")).hasSize(1);
            // only the interpreters, their libraries, the harness, /proc, /dev and the work directory
            assertThat(names(seen.get("root"))).containsExactlyInAnyOrder("bin", "dev", "harness", "lib", "lib64",
                    "proc", "usr", "work");
            assertThat(names(seen.get("interfaces"))).containsExactly("lo");
            assertThat(seen.get("connect").asString()).isEqualTo("ConnectionRefusedError");
            // what the sandbox sets (PWD and LC_CTYPE may be added by bwrap and Python themselves)
            assertThat(seen.get("env").propertyNames()).contains("PATH", "HOME")
                    .isSubsetOf("PATH", "HOME", "TMPDIR", "LANG", "PYTHONHASHSEED", "PWD", "LC_CTYPE");
            assertThat(seen.get("env").toString()).doesNotContain("/root").doesNotContain("JAVA");
            assertThat(seen.get("pid1_environ").asString()).doesNotContain("JAVA").doesNotContain("/root");
            for (String path : List.of("/root", Path.of("").toAbsolutePath().toString(), hostDir.toString(),
                    "/work/main", "/etc/passwd", "/home")) {
                assertThat(seen.get("exists:" + path).asBoolean()).as(path).isFalse();
            }
            JsonNode writes = seen.get("writes");
            assertThat(writes.get("/work/ok").asString()).isEqualTo("written");
            writes.properties().forEach(entry -> {
                if (!entry.getKey().equals("/work/ok")) {
                    assertThat(entry.getValue().asString()).as(entry.getKey()).isNotEqualTo("written");
                }
            });
            try (var files = Files.list(hostDir)) {
                assertThat(files).isEmpty();
            }
            server.setSoTimeout(50);
            try {
                server.accept().close();
                throw new AssertionError("a connection reached the host");
            } catch (SocketTimeoutException expected) {
                // nothing arrived
            }
        }
    }

    /** The pool's bwrap command with the zygote after "--" replaced by the probe. */
    private static List<String> probeCommand(List<String> command, SandboxSettings settings, int port, Path hostDir) {
        int bwrap = command.indexOf(settings.bwrap().toString());
        int separator = bwrap + command.subList(bwrap, command.size()).indexOf("--");
        List<String> probe = new ArrayList<>(command.subList(0, separator + 1));
        probe.addAll(List.of(settings.python().toString(), "-s", "-S", "-c", PROBE, Integer.toString(port),
                hostDir.toString(), Path.of("").toAbsolutePath().toString()));
        return probe;
    }

    private static JsonNode run(List<String> command, Map<String, String> environment) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return PipelineJson.mapper().readTree(output);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asString()));
        return names;
    }
}
