"""Follows one run from the zygote: the child's result channel, its output, its exit and its deadline.

The result channel protocol: one line per record, `<nonce> <kind> <field>...`, where every field is
`-` (null), hex of UTF-8 (Python harness) or `u` + hex of UTF-16 (JavaScript harness). Kinds, in the
only order accepted: `plan <tests> <held-out tests>` (sent before any candidate code runs), then
`test <t|h> <index> <pass|fail|error> <value> <error type> <error message>` once per planned test,
`done t` after the ranking tests and `done h` after the held-out tests; besides `syntax <message>`,
`load <type> <message>`, `badtest <message>` and `tamper <reason>`. Anything else, a wrong nonce, a
repeated or unplanned test, or a completion that does not match the plan marks the run as tampered.
"""

import os
import select
import signal
import time

CHUNK = 65536
MAX_RECORD = 1 << 20          # one result-channel line; longer means someone else is writing
STDERR_TAIL = 4096


class Monitor:
    """Follows one child: its result channel, its output, its exit, and its deadline."""

    def __init__(self, pid, nonce, limits, started):
        self.pid = pid
        self.nonce = nonce.encode()
        self.started = started
        self.deadline = started + float(limits["wallSeconds"])
        self.cpu_limit = float(limits["cpuSeconds"])
        self.output_limit = int(limits["maxOutputKb"]) << 10
        self.limit = None
        self.status = None
        self.rusage = None
        self.records = bytearray()
        self.stdout_bytes = 0
        self.stderr_bytes = 0
        self.stderr_tail = bytearray()
        self.truncated = False
        self.plan = None
        self.tests = {"t": {}, "h": {}}
        self.done = set()
        self.syntax = None
        self.load_error = None
        self.bad_test = None
        self.tamper = None
        self.ended = None

    def watch(self, out_r, err_r, res_r, in_w, payload):
        pidfd = os.pidfd_open(self.pid)
        readers = {out_r: "out", err_r: "err", res_r: "res", pidfd: "exit"}
        writers = {in_w: memoryview(payload)} if in_w >= 0 else {}
        try:
            while readers:
                now = time.monotonic()
                if now >= self.deadline:
                    self.stop("wall")
                    break
                if self.status is not None and set(readers.values()) <= {"exit"}:
                    break
                ready_r, ready_w, _ = select.select(list(readers), list(writers), [], self.deadline - now)
                for fd in ready_w:
                    view = writers[fd]
                    try:
                        written = os.write(fd, view[:CHUNK])
                        view = view[written:]
                    except OSError:
                        view = view[:0]
                    if view:
                        writers[fd] = view
                    else:
                        del writers[fd]
                        os.close(fd)
                for fd in ready_r:
                    kind = readers[fd]
                    if kind == "exit":
                        del readers[fd]
                        self.reap()
                        self.drain(readers)
                        readers.clear()
                        break
                    chunk = os.read(fd, CHUNK)
                    if not chunk:
                        del readers[fd]
                        continue
                    self.take(kind, chunk)
                    if self.limit is not None:
                        readers.clear()
                        break
                if "h" in self.done and self.status is None:
                    # everything is reported: nothing the program does from here on matters
                    self.stop(None)
                    break
        finally:
            os.close(pidfd)
        if self.status is None:
            self.reap()

    def drain(self, readers):
        """After the child exited: take what is already in the pipes without waiting for writers."""
        for fd, kind in list(readers.items()):
            if kind == "exit":
                continue
            os.set_blocking(fd, False)
            try:
                while self.limit is None:
                    chunk = os.read(fd, CHUNK)
                    if not chunk:
                        break
                    self.take(kind, chunk)
            except BlockingIOError:
                pass

    def take(self, kind, chunk):
        if kind == "res":
            self.records += chunk
            self.parse_records()
            return
        if kind == "out":
            self.stdout_bytes += len(chunk)
            total = self.stdout_bytes
        else:
            self.stderr_bytes += len(chunk)
            total = self.stderr_bytes
            self.stderr_tail += chunk
            if len(self.stderr_tail) > STDERR_TAIL:
                del self.stderr_tail[:len(self.stderr_tail) - STDERR_TAIL]
        if total > self.output_limit:
            self.truncated = True
            self.stop("output")

    def stop(self, limit):
        if limit is not None and self.limit is None:
            self.limit = limit
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.reap()

    def reap(self):
        if self.status is not None:
            return
        _, status, rusage = os.wait4(self.pid, 0)
        self.ended = time.monotonic()
        self.status = status
        self.rusage = rusage

    def parse_records(self):
        while True:
            newline = self.records.find(b"\n")
            if newline < 0:
                if len(self.records) > MAX_RECORD:
                    self.tampered("an oversized line on the result channel")
                    self.records.clear()
                return
            line = bytes(self.records[:newline])
            del self.records[:newline + 1]
            self.record(line)

    def record(self, line):
        fields = line.split(b" ")
        if len(fields) < 2 or fields[0] != self.nonce:
            self.tampered("a record without this run's nonce on the result channel")
            return
        kind = fields[1]
        try:
            args = [decode(f) for f in fields[2:]]
            if kind == b"plan" and self.plan is None:
                self.plan = {"t": int(args[0]), "h": int(args[1])}
            elif self.plan is None:
                self.tampered("a result before the test plan")
            elif kind == b"test":
                which, index = args[0], int(args[1])
                if which not in self.tests or not 0 <= index < self.plan[which] or index in self.tests[which] \
                        or which in self.done:
                    self.tampered("a result for an unknown or repeated test")
                    return
                outcome = args[2]
                if outcome not in ("pass", "fail", "error"):
                    self.tampered("an unknown test outcome")
                    return
                self.tests[which][index] = [outcome, args[3], args[4], args[5]]
            elif kind == b"done":
                which = args[0]
                if which not in self.tests or which in self.done or len(self.tests[which]) != self.plan[which] \
                        or (which == "h" and "t" not in self.done):
                    self.tampered("a completion record that does not match the plan")
                    return
                self.done.add(which)
            elif kind == b"syntax":
                self.syntax = args[0]
            elif kind == b"load":
                self.load_error = [args[0], args[1]]
            elif kind == b"badtest":
                self.bad_test = args[0]
            elif kind == b"tamper":
                self.tampered(args[0])
            else:
                self.tampered("an unknown record on the result channel")
        except (IndexError, ValueError, UnicodeDecodeError):
            self.tampered("a malformed record on the result channel")

    def tampered(self, reason):
        if self.tamper is None:
            self.tamper = reason

    def response(self, run_id):
        status = self.status
        exit_code = os.waitstatus_to_exitcode(status) if status is not None else None
        signal_number = -exit_code if exit_code is not None and exit_code < 0 else None
        limit = self.limit
        if limit is None and signal_number is not None:
            if signal_number == signal.SIGXCPU:
                limit = "cpu"
            elif signal_number == signal.SIGXFSZ:
                limit = "fsize"
            elif signal_number == signal.SIGKILL and self.cpu_used() >= self.cpu_limit:
                limit = "cpu"
        tail = bytes(self.stderr_tail).decode("utf-8", "replace")
        if limit is None and "done" not in self.done and "heap out of memory" in tail:
            limit = "memory"  # V8 aborts the process when --max-old-space-size is reached
        ended = self.ended if self.ended is not None else time.monotonic()
        return {
            "id": run_id,
            "status": "done" if "t" in self.done else "incomplete",
            "limit": limit,
            "exitCode": exit_code if signal_number is None else None,
            "signal": signal.Signals(signal_number).name if signal_number else None,
            "plan": self.plan,
            "tests": ordered(self.tests["t"]),
            "heldOut": ordered(self.tests["h"]),
            "rankingDone": "t" in self.done,
            "heldOutDone": "h" in self.done,
            "syntaxError": self.syntax,
            "loadError": self.load_error,
            "badTest": self.bad_test,
            "tamper": self.tamper,
            "durationMicros": int((ended - self.started) * 1e6),
            "cpuMillis": int(self.cpu_used() * 1000),
            "stdoutBytes": self.stdout_bytes,
            "stderrBytes": self.stderr_bytes,
            "stderrTail": tail,
            "truncated": self.truncated,
        }

    def cpu_used(self):
        if self.rusage is None:
            return 0.0
        return self.rusage.ru_utime + self.rusage.ru_stime


def ordered(tests):
    return [[i] + tests[i] for i in sorted(tests)]


def decode(field):
    """'-' is null; 'u' + hex is UTF-16 (from the JavaScript harness); plain hex is UTF-8."""
    if field == b"-":
        return None
    if field[:1] == b"u":
        return bytes.fromhex(field[1:].decode("ascii")).decode("utf-16-be", "replace")
    return bytes.fromhex(field.decode("ascii")).decode("utf-8", "replace")
