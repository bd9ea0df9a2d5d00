package io.codesynth.verification.sandbox;

import static io.codesynth.verification.sandbox.TestSandboxes.limits;
import static io.codesynth.verification.sandbox.TestSandboxes.python;
import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.verification.judge.Judge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile programs: each case asserts its verdict and that the host (this JVM, its files, the machine)
 * is untouched, and that the sandbox still serves the next run.
 */
class AdversarialSandboxTest {

    private static final int NOBODY = 65534;
    private static SandboxPool pool;

    @BeforeAll
    static void openPool() {
        pool = TestSandboxes.open(TestSandboxes.settings());
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void anInfiniteLoopTimesOutWithinTheLimitPlusOneSecond() {
        Timed wall = timed(python("    while True:\n        pass\n", limits(2)));
        assertThat(wall.verdict().verdict()).isEqualTo(VerdictKind.TIMEOUT);
        assertThat(wall.elapsed()).isLessThan(Duration.ofSeconds(3));

        RunLimits cpuOnly = new RunLimits(1, 10, 512, 32, 1024, 64, 1024);
        Timed cpu = timed(python("    while True:\n        pass\n", cpuOnly));
        assertThat(cpu.verdict().verdict()).isEqualTo(VerdictKind.TIMEOUT);
        assertThat(cpu.verdict().errorMessage()).contains("CPU time limit");
        assertThat(cpu.elapsed()).isLessThan(Duration.ofSeconds(3));
        assertStillServing();
    }

    @Test
    void aForkBombIsContained() throws IOException {
        Timed bomb = timed(python("""
                    import os
                    while True:
                        try:
                            os.fork()
                        except OSError:
                            pass
                """, limits(2)));

        assertThat(bomb.verdict().verdict()).isEqualTo(VerdictKind.TIMEOUT);
        assertThat(bomb.elapsed()).isLessThan(Duration.ofSeconds(3));
        assertStillServing();
        // on the host: the sandboxes themselves (bwrap and its zygote, for the current and the next
        // sandbox of each slot), and none of the bomb's forks, which would carry the zygote's command line
        assertThat(sandboxProcessesOnTheHost()).isLessThanOrEqualTo(4L * pool.settings().concurrency());
    }

    @Test
    void aMemoryBombHitsTheMemoryLimit() {
        assertThat(verdict(python("    x = bytearray(10 ** 10)\n    return x\n", limits(5))).verdict())
                .isEqualTo(VerdictKind.MEMORY_LIMIT);
        assertThat(verdict(python("    chunks = []\n    while True:\n        chunks.append(' ' * 10 ** 7)\n",
                limits(10))).verdict()).isEqualTo(VerdictKind.MEMORY_LIMIT);
        assertStillServing();
    }

    @Test
    void theNetworkIsUnreachableAndOnlyLoopbackExists() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CandidateVerdict verdict = verdict(python("""
                        import socket
                        assert [name for _, name in socket.if_nameindex()] == ['lo']
                        s = socket.socket()
                        s.settimeout(2)
                        try:
                            s.connect(('127.0.0.1', %d))
                            return 'connected'
                        except ConnectionRefusedError:
                            return x + 1
                    """.formatted(server.getLocalPort()), limits(10)));

            assertThat(verdict.verdict()).as(verdict.toString()).isEqualTo(VerdictKind.PASSED);
            server.setSoTimeout(50);
            try {
                server.accept().close();
                throw new AssertionError("a connection from the sandbox reached the host");
            } catch (SocketTimeoutException expected) {
                // nothing arrived
            }
        }
    }

    @Test
    void writesOutsideTheWorkDirectoryFail(@TempDir Path hostDir) throws IOException {
        CandidateVerdict verdict = verdict(python("""
                    import os
                    written = []
                    for path in ('/x', '/usr/x', '/usr/lib/x', '/dev/shm/x', '/harness/x', '/tmp/x', '%s/x'):
                        try:
                            with open(path, 'w') as f:
                                f.write('x')
                            written.append(path)
                        except OSError:
                            pass
                    with open('inside.txt', 'w') as f:
                        f.write('allowed')
                    return x + 1 if not written else written
                """.formatted(hostDir), limits(10)));

        assertThat(verdict.verdict()).as(verdict.toString()).isEqualTo(VerdictKind.PASSED);
        try (Stream<Path> files = Files.list(hostDir)) {
            assertThat(files).isEmpty();
        }
        // the next run starts with an empty work directory
        assertThat(verdict(python("    import os\n    return x + 1 if os.listdir('.') == [] else os.listdir('.')\n",
                limits(10))).verdict()).isEqualTo(VerdictKind.PASSED);
    }

    @Test
    void nothingOfTheHostIsVisible() {
        String project = Path.of("").toAbsolutePath().toString();
        String hostVariables = System.getenv().keySet().stream()
                .filter(name -> !List.of("PATH", "HOME", "LANG", "LC_CTYPE", "PWD", "TMPDIR").contains(name))
                .map(name -> "'" + name + "'").reduce((a, b) -> a + ", " + b).orElse("");
        CandidateVerdict verdict = verdict(python("""
                    import os
                    leaks = [p for p in ('/root', '%s', '/work/main', '/etc', '/home') if os.path.exists(p)]
                    leaks += [k for k in os.environ if k in (%s,)]
                    leaks += [v for v in os.environ.values() if '/root' in v]
                    return x + 1 if not leaks else leaks
                """.formatted(project, hostVariables), limits(10)));
        assertThat(verdict.verdict()).as(verdict.toString()).isEqualTo(VerdictKind.PASSED);

        // /proc/1 is the sandbox's own supervisor; the harness does not even let a program open it
        CandidateVerdict environ = verdict(python("""
                    try:
                        data = open('/proc/1/environ', 'rb').read()
                    except OSError:
                        data = b''
                    return x + 1 if b'JAVA' not in data and b'/root' not in data else data
                """, limits(10)));
        assertThat(environ.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(environ.errorType()).isEqualTo(Judge.TAMPERING);
        assertThat(environ.errorMessage()).contains("/proc/");
    }

    @Test
    void aChildLeftRunningAfterTheProgramIsKilled() {
        RunResult result = pool.run(python("""
                    return x + 1
                import os, time
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                """, limits(10)));

        assertThat(result.leftoverProcesses()).isEqualTo(1);
        assertThat(Judge.verdict("t", 0, result, limits(10), 2).verdict()).isEqualTo(VerdictKind.PASSED);
        // the next run sees no process but its supervisor (PID 1) and itself
        CandidateVerdict next = verdict(python("""
                    import os
                    pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
                    return x + 1 if pids == [1, os.getpid()] else pids
                """, limits(10)));
        assertThat(next.verdict()).as(next.toString()).isEqualTo(VerdictKind.PASSED);
    }

    @Test
    void hundredMegabytesOfOutputHitTheOutputLimitWithTheWorkerMemoryFlat() {
        RunLimits limits = new RunLimits(20, 20, 512, 32, 1024, 64, RunLimits.MAXIMA.maxOutputKb());
        long heapBefore = usedHeap();
        Timed flood = timed(python("""
                    import sys
                    block = 'x' * (1 << 20)
                    for _ in range(100):
                        sys.stdout.write(block)
                        sys.stderr.write(block)
                    return x + 1
                """, limits));

        assertThat(flood.verdict().verdict()).isEqualTo(VerdictKind.OUTPUT_LIMIT);
        assertThat(flood.verdict().outputTruncated()).isTrue();
        assertThat(flood.verdict().stderrTail()).hasSizeLessThanOrEqualTo(2000);
        assertThat(flood.elapsed()).isLessThan(Duration.ofSeconds(10));
        // the output never reaches the worker: the zygote counts and discards it
        assertThat(usedHeap() - heapBefore).isLessThan(32L << 20);
    }

    @Test
    void killingTheParentOrEveryoneChangesNothing() {
        CandidateVerdict verdict = verdict(python("""
                    return x + 1
                import os, signal
                for target in (os.getppid(), 1, -1):
                    try:
                        os.kill(target, signal.SIGKILL)
                    except OSError:
                        pass
                """, limits(10)));

        assertThat(verdict.verdict()).as(verdict.toString()).isEqualTo(VerdictKind.PASSED);
        assertStillServing();
    }

    @Test
    void exitingBeforeTheTestsIsNeverPassed() {
        CandidateVerdict sysExit = verdict(python("    return x + 1\nimport sys\nsys.exit(0)\n", limits(10)));
        assertThat(sysExit.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(sysExit.errorType()).isEqualTo("SystemExit");

        CandidateVerdict osExit = verdict(python("    return x + 1\nimport os\nos._exit(0)\n", limits(10)));
        assertThat(osExit.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(osExit.errorType()).isEqualTo(Judge.EARLY_EXIT);

        CandidateVerdict inTest = verdict(python("    import os\n    os._exit(0)\n", limits(10)));
        assertThat(inTest.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(inTest.errorType()).isEqualTo(Judge.EARLY_EXIT);
    }

    @Test
    void redefiningHelpersOrPatchingTheHarnessIsNeverPassed() {
        // the program's own check() and candidate are never used: tests come from the test code's AST
        assertThat(verdict(python("""
                    return 0
                def check(candidate):
                    pass
                candidate = lambda x: x + 1
                """, limits(10))).verdict()).isEqualTo(VerdictKind.FAILED);

        CandidateVerdict builtinsPatched = verdict(python("""
                    return 0
                import builtins
                builtins.AssertionError = type('Never', (Exception,), {})
                """, limits(10)));
        assertThat(builtinsPatched.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(builtinsPatched.errorType()).isEqualTo(Judge.TAMPERING);

        CandidateVerdict forged = verdict(python("""
                    return 0
                import os
                for fd in range(3, 1024):
                    for line in (b'x plan 32 30\\n', b'x test 74 30 70617373 - - -\\n', b'x done 74\\n'):
                        try:
                            os.write(fd, line)
                        except OSError:
                            pass
                """, limits(10)));
        assertThat(forged.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(forged.errorType()).isEqualTo(Judge.TAMPERING);

        CandidateVerdict alwaysEqual = verdict(python("""
                    class Anything:
                        def __eq__(self, other):
                            return True
                    return Anything()
                """, limits(10)));
        assertThat(alwaysEqual.verdict()).isNotEqualTo(VerdictKind.PASSED);

        CandidateVerdict introspection = verdict(python("""
                    import gc
                    for o in gc.get_objects():
                        pass
                    return x + 1
                """, limits(10)));
        assertThat(introspection.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(introspection.errorType()).isEqualTo(Judge.TAMPERING);
    }

    @Test
    void aPatchedStandardLibraryFunctionThatTheTestsUseIsReported() {
        RunRequest request = new RunRequest("test", Language.PYTHON, ProblemFormat.HUMANEVAL, """
                def area(r):
                    return 0.0
                import math
                math.isclose = lambda *args, **kwargs: True
                """, null, "area",
                List.of("import math\ndef check(candidate):\n    assert math.isclose(candidate(1), math.pi)\n"),
                List.of(), limits(10));

        CandidateVerdict verdict = Judge.verdict("t", 0, pool.run(request), limits(10), 1);

        assertThat(verdict.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(verdict.errorType()).isEqualTo(Judge.TAMPERING);
        assertThat(verdict.errorMessage()).contains("math.isclose");
    }

    @Test
    void javascriptProgramsCannotExitEarlyOrPatchAssert() {
        String test = """
                const assert = require('node:assert');
                function test() {
                  let candidate = add;
                  assert.deepEqual(candidate(1, 2), 3);
                  assert.deepEqual(candidate(2, 2), 4);
                }
                test();
                """;
        CandidateVerdict exit = js("function add(a, b) {\n  return a + b;\n}\nprocess.exit(0);\n", test);
        assertThat(exit.verdict()).isEqualTo(VerdictKind.ERROR);
        assertThat(exit.errorType()).isEqualTo(Judge.EARLY_EXIT);

        CandidateVerdict patched = js("function add(a, b) {\n  return 0;\n}\nrequire('assert').deepEqual = () => {};\n",
                test);
        assertThat(patched.verdict()).isEqualTo(VerdictKind.FAILED);

        CandidateVerdict valueOf = js("function add(a, b) {\n  return { valueOf() { return a + b; } };\n}\n", test);
        assertThat(valueOf.verdict()).isEqualTo(VerdictKind.FAILED);
    }

    private CandidateVerdict js(String program, String test) {
        RunRequest request = new RunRequest("js", Language.JAVASCRIPT, ProblemFormat.HUMANEVAL, program, null, "add",
                List.of(test), List.of(), limits(10));
        return Judge.verdict("js", 0, pool.run(request), limits(10), 1);
    }

    private static void assertStillServing() {
        Timed ok = timed(python("    return x + 1\n", limits(10)));
        assertThat(ok.verdict().verdict()).isEqualTo(VerdictKind.PASSED);
        assertThat(ok.elapsed()).isLessThan(Duration.ofSeconds(2));
    }

    private static CandidateVerdict verdict(RunRequest request) {
        return timed(request).verdict();
    }

    private record Timed(CandidateVerdict verdict, Duration elapsed) {
    }

    private static Timed timed(RunRequest request) {
        long started = System.nanoTime();
        RunResult result = pool.run(request);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new Timed(Judge.verdict("t", 0, result, request.limits(), 2), elapsed);
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long sandboxProcessesOnTheHost() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return ((Number) Files.getAttribute(p, "unix:uid")).intValue() == NOBODY
                                    && new String(Files.readAllBytes(p.resolve("cmdline"))).contains("zygote.py");
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    }).count();
        }
    }
}
