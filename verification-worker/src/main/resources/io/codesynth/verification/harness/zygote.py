"""Verification zygote: one long-lived Python process per sandbox that forks one child per run.

The worker starts this script once per sandbox (inside bubblewrap, normally as the sandbox's PID 1)
and talks to it over stdin/stdout, one JSON object per line:

    <- {"ready": true, "python": "3.11.2", "pid": 1}
    -> {"id": "...", "language": "python", "format": "humaneval", "program": "...", "tests": [...], ...}
    <- {"id": "...", "status": "...", "tests": [...], ...}

The zygote itself never executes candidate code. For each run it forks a child that starts a new
session, gets its own empty work directory, rlimits and file descriptors, and then either runs the
Python harness in-process (fast: nothing to start, the standard library is already imported) or
executes node with the JavaScript harness. The child reports over a private pipe (the result
channel); its stdout and stderr are counted and cut here. After the run, every process left in the
sandbox is killed and the work directory is emptied, so the next run starts clean.

Why PID 1: signals sent from inside a PID namespace to its init are dropped unless init installed a
handler, so a candidate cannot kill its supervisor (os.kill(os.getppid(), 9) does nothing), and init
may kill(-1) every other process of the namespace in one call. The zygote is also marked
non-dumpable, so no process of the sandbox can ptrace it or read its memory.
"""

import gc
import json
import os
import random
import signal
import sys
import time

HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))
if HARNESS_DIR not in sys.path:
    sys.path.insert(0, HARNESS_DIR)

import pyharness  # noqa: E402  (needs the path above)
from monitor import Monitor  # noqa: E402

CHUNK = 65536
MAX_REQUEST = 64 << 20        # one request line from the worker


def main(argv):
    options = parse_options(argv)
    isolated = options["isolated"]
    if isolated and os.getpid() != 1:
        # kill(-1) outside a PID namespace would hit every process of the user: refuse
        fail("the zygote was asked to run isolated but is not PID 1 of a PID namespace")
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGQUIT", "SIGPIPE", "SIGXFSZ"):
        # no handlers: as init they make the zygote deaf to signals from inside the sandbox
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    not_dumpable()
    pyharness.prepare()
    # everything loaded so far is shared with the children copy-on-write: keep the collector of the
    # children off these objects, or it would touch (and so copy) every page of them in each run
    gc.collect()
    gc.freeze()
    work = options["work"]
    os.makedirs(work, exist_ok=True)
    send({"ready": True, "python": ".".join(map(str, sys.version_info[:3])), "pid": os.getpid(),
          "isolated": isolated})
    reader = LineReader(0, MAX_REQUEST)
    while True:
        line = reader.next_line()
        if line is None:
            return
        try:
            request = json.loads(line)
        except ValueError as e:
            send({"id": None, "status": "bad-request", "message": "request is not JSON: %s" % e})
            continue
        try:
            response = run(request, work, options)
        except Exception as e:  # a fault of ours, not of the candidate: say so and keep serving
            response = {"id": request.get("id"), "status": "internal-error",
                        "message": "%s: %s" % (type(e).__name__, e)}
        send(response)


def parse_options(argv):
    options = {"isolated": False, "work": "/work", "node": "/usr/bin/node", "node_permissions": False,
               "nproc": True}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--isolated":
            options["isolated"] = True
        elif arg == "--work":
            i += 1
            options["work"] = argv[i]
        elif arg == "--node":
            i += 1
            options["node"] = argv[i]
        elif arg == "--node-permissions":
            options["node_permissions"] = True
        elif arg == "--no-nproc-limit":
            options["nproc"] = False
        else:
            fail("unknown option " + arg)
        i += 1
    return options


def fail(message):
    os.write(2, ("zygote: " + message + "\n").encode())
    os._exit(2)


def send(obj):
    data = (json.dumps(obj, ensure_ascii=True, separators=(",", ":")) + "\n").encode()
    view = memoryview(data)
    while view:
        written = os.write(1, view)
        view = view[written:]


def not_dumpable():
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except Exception:
        pass  # best effort: outside Linux or without ctypes the sandbox still holds


class LineReader:
    """Reads newline-terminated lines from a file descriptor with a bound on the line length."""

    def __init__(self, fd, limit):
        self.fd = fd
        self.limit = limit
        self.buffer = bytearray()

    def next_line(self):
        while True:
            newline = self.buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self.buffer[:newline])
                del self.buffer[:newline + 1]
                return line
            if len(self.buffer) > self.limit:
                fail("request line longer than %d bytes" % self.limit)
            chunk = os.read(self.fd, CHUNK)
            if not chunk:
                return None
            self.buffer += chunk


# ---------------------------------------------------------------------------------------------
# one run


def run(request, work, options):
    limits = request["limits"]
    language = request.get("language", "python")
    if language not in ("python", "javascript"):
        return {"id": request.get("id"), "status": "bad-request", "message": "unknown language " + language}
    nonce = os.urandom(16).hex()
    result_fd = random.randrange(100, 1000)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    in_r = in_w = -1
    payload = b""
    if language == "javascript":
        in_r, in_w = os.pipe()
        payload = json.dumps(dict(request, nonce=nonce), ensure_ascii=True).encode()
    wipe(work)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child(request, language, nonce, result_fd, work, options, limits,
              stdin=in_r, stdout=out_w, stderr=err_w, results=res_w)
        os._exit(127)  # not reached
    for fd in (out_w, err_w, res_w, in_r):
        if fd >= 0:
            os.close(fd)
    monitor = Monitor(pid, nonce, limits, started)
    try:
        monitor.watch(out_r, err_r, res_r, in_w, payload)
    finally:
        for fd in (out_r, err_r, res_r, in_w):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
    leftover = sweep(pid, options["isolated"], monitor)
    wipe(work)
    response = monitor.response(request.get("id"))
    response["leftoverProcesses"] = leftover
    return response


def child(request, language, nonce, result_fd, work, options, limits, stdin, stdout, stderr, results):
    """In the forked child: isolate, limit, then hand over to the harness. Never returns."""
    try:
        os.setsid()
        for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGQUIT", "SIGPIPE", "SIGXFSZ",
                     "SIGXCPU"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        if stdin < 0:
            stdin = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin, 0)
        os.dup2(stdout, 1)
        os.dup2(stderr, 2)
        os.dup2(results, result_fd)
        # nothing of the zygote stays open: above all not its protocol pipes to the worker
        os.closerange(3, result_fd)
        os.closerange(result_fd + 1, 65536)
        os.chdir(work)
        os.umask(0o077)
        apply_limits(limits, language, options)
        if language == "python":
            pyharness.run_child(request, nonce, result_fd)
        else:
            node = options["node"]
            memory = int(limits["memoryMb"])
            args = [node, "--max-old-space-size=%d" % max(16, memory), "--no-warnings"]
            if options["node_permissions"]:
                harness = os.path.join(HARNESS_DIR, "jsharness.js")
                args += ["--experimental-permission", "--allow-fs-read=" + harness,
                         "--allow-fs-read=" + work + "/*", "--allow-fs-write=" + work + "/*"]
            args += [os.path.join(HARNESS_DIR, "jsharness.js"), str(result_fd)]
            env = {"PATH": "/usr/bin:/bin", "HOME": work, "TMPDIR": work, "LANG": "C.UTF-8"}
            os.execve(node, args, env)
    except BaseException as e:
        try:
            os.write(2, ("sandbox: could not start the run: %s: %s\n" % (type(e).__name__, e)).encode())
        except BaseException:
            pass
    os._exit(126)


def apply_limits(limits, language, options):
    import resource
    cpu = max(1, int(-(-float(limits["cpuSeconds"]) // 1)))
    memory = int(limits["memoryMb"]) << 20
    if language == "javascript":
        # V8 reserves about 1 GiB of address space up front; the heap itself is capped by
        # --max-old-space-size, so the address-space limit only has to stop native allocations
        memory += 1 << 30
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limits["maxFileSizeKb"]) << 10,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (int(limits["maxOpenFiles"]),) * 2)
    if options["nproc"]:
        # counted per user of the sandbox's own user namespace: the zygote is one of them
        processes = int(limits["maxProcesses"]) + 1
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))


def sweep(pid, isolated, monitor):
    """Kills whatever the run left behind and reaps it; returns how many processes that was."""
    if not isolated:
        # without a PID namespace only the run's own process group can be found again
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return 0
    killed = 0
    for _ in range(1000):
        try:
            os.kill(-1, signal.SIGKILL)  # as init: every process of the namespace but this one
        except ProcessLookupError:
            pass
        while True:
            try:
                reaped, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return killed
            if reaped == 0:
                break
            killed += 1
        time.sleep(0.0005)
    return killed


def wipe(path):
    """Empties a directory whatever the run did to the permissions inside it."""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return
    except PermissionError:
        os.chmod(path, 0o700)
        entries = list(os.scandir(path))
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                os.chmod(entry.path, 0o700)
                wipe(entry.path)
                os.rmdir(entry.path)
            else:
                os.unlink(entry.path)
        except FileNotFoundError:
            pass


if __name__ == "__main__":
    main(sys.argv[1:])
