#!/usr/bin/env python3
"""Runs the verification worker's sandbox inside a Docker-like container without Docker: runc, as root.

What it checks (docs/deploy.md, "The sandbox in a container"): in a container set up the way Docker sets one up
(its masked and read-only /proc paths, no capabilities, no_new_privs, a non-root uid), the worker's `verify`
command - the real bubblewrap sandbox of verification-worker - works with the security options docker-compose.yml
gives the verification worker, and fails closed without them:

  1. Docker's default seccomp profile            -> bwrap cannot create its namespaces   (expected to fail)
  2. seccomp-bwrap.json, /proc masked (default)  -> bwrap cannot mount /proc             (expected to fail)
  3. seccomp-bwrap.json + systempaths=unconfined -> candidates are verified, sandboxed    (expected to pass)

AppArmor is not exercised (runc here runs without an AppArmor profile, as apparmor=unconfined does).

Needs: root, runc, bubblewrap, python3, node (optional), a JDK 21+, and a built verification-worker exec jar.

  sudo python3 infra/verification-worker/runc-sandbox-check.py \\
      --jar verification-worker/target/verification-worker-0.1.0-SNAPSHOT-exec.jar \\
      --docker-default-profile default.json     # moby/profiles seccomp/default.json (optional: skips case 1)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Docker's defaults (moby daemon/oci_linux.go and oci/defaults.go)
MASKED = ["/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
          "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
          "/sys/devices/virtual/powercap"]
READ_ONLY = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
DOCKER_CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
               "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
               "CAP_AUDIT_WRITE"]
PROBLEMS = [{"task_id": "t/0", "prompt": "def add(a, b):\n", "entry_point": "add",
             "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n"}]
SAMPLES = [{"task_id": "t/0", "completion": "    return a + b\n"},
           {"task_id": "t/0", "completion": "    return a - b\n"},
           {"task_id": "t/0", "completion": "    import socket\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
                                            "    return a + b\n"},
           {"task_id": "t/0", "completion": "    import os\n    os.listdir('/app')\n    return a + b\n"}]
EXPECTED = ["PASSED", "FAILED", "ERROR", "ERROR"]


def oci_seccomp(profile, caps):
    """Docker's profile format -> the OCI runtime spec's, for x86_64 and the given capabilities (as dockerd does)."""
    out = {"defaultAction": profile["defaultAction"], "syscalls": [],
           "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]}
    if "defaultErrnoRet" in profile:
        out["defaultErrnoRet"] = profile["defaultErrnoRet"]
    for rule in profile["syscalls"]:
        includes, excludes = rule.get("includes", {}), rule.get("excludes", {})
        if includes.get("arches") and "amd64" not in includes["arches"]:
            continue
        if "amd64" in excludes.get("arches", []):
            continue
        if not all(c in caps for c in includes.get("caps", [])) or any(c in caps for c in excludes.get("caps", [])):
            continue
        syscall = {"names": rule["names"], "action": rule["action"]}
        if "errnoRet" in rule:
            syscall["errnoRet"] = rule["errnoRet"]
        if rule.get("args"):
            syscall["args"] = [{"index": a["index"], "value": a["value"], "valueTwo": a.get("valueTwo", 0),
                                "op": a["op"]} for a in rule["args"]]
        out["syscalls"].append(syscall)
    return out


def bundle(work, java_home, profile, caps, unmask):
    app, tmp, rootfs = (os.path.join(work, d) for d in ("app", "tmp", "rootfs"))
    command = [os.path.join(java_home, "bin", "java"), "--enable-native-access=ALL-UNNAMED",
               "-Dloader.main=io.codesynth.verification.cli.VerifyCommand", "-cp", "/app/verification-worker.jar",
               "org.springframework.boot.loader.launch.PropertiesLauncher", "verify", "--problems", "/app/p.jsonl",
               "--samples", "/app/s.jsonl", "--out", "/tmp/results.jsonl", "--parallel", "2"]
    spec = {
        "ociVersion": "1.0.2",
        "process": {"terminal": False, "user": {"uid": 10001, "gid": 10001}, "args": command, "cwd": "/tmp",
                    "env": ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp"], "noNewPrivileges": True,
                    "capabilities": {k: caps for k in ("bounding", "effective", "permitted")}},
        "root": {"path": rootfs, "readonly": True},
        "hostname": "verification-worker",
        "mounts": [
            {"destination": "/proc", "type": "proc", "source": "proc"},
            {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]},
            {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
             "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
            {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev"]},
            {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
            {"destination": "/usr", "type": "bind", "source": "/usr", "options": ["rbind", "ro"]},
            {"destination": "/etc", "type": "bind", "source": "/etc", "options": ["rbind", "ro"]},
            {"destination": java_home, "type": "bind", "source": java_home, "options": ["rbind", "ro"]},
            {"destination": "/app", "type": "bind", "source": app, "options": ["rbind", "ro"]},
            {"destination": "/tmp", "type": "bind", "source": tmp, "options": ["rbind", "rw"]},
        ],
        "linux": {"namespaces": [{"type": t} for t in ("pid", "network", "ipc", "uts", "mount", "cgroup")],
                  "maskedPaths": [] if unmask else MASKED, "readonlyPaths": [] if unmask else READ_ONLY,
                  "seccomp": oci_seccomp(profile, caps)},
    }
    if java_home.startswith("/usr/"):
        spec["mounts"] = [m for m in spec["mounts"] if m["destination"] != java_home]
    with open(os.path.join(work, "config.json"), "w") as out:
        json.dump(spec, out)


def run_case(name, jar, java_home, profile, caps, unmask, expect_pass):
    work = tempfile.mkdtemp(prefix="codesynth-runc-")
    try:
        for d in ("app", "tmp", "rootfs"):
            os.makedirs(os.path.join(work, d))
        os.chmod(os.path.join(work, "tmp"), 0o1777)
        for d in ("usr", "etc", "proc", "dev", "sys", "app", "tmp", java_home.lstrip("/")):
            os.makedirs(os.path.join(work, "rootfs", d), exist_ok=True)
        for link in ("bin", "lib", "lib64", "sbin"):
            if os.path.islink("/" + link):
                os.symlink(os.readlink("/" + link), os.path.join(work, "rootfs", link))
        shutil.copy(jar, os.path.join(work, "app", "verification-worker.jar"))
        for file, rows in (("p.jsonl", PROBLEMS), ("s.jsonl", SAMPLES)):
            with open(os.path.join(work, "app", file), "w") as out:
                out.writelines(json.dumps(r) + "\n" for r in rows)
        bundle(work, java_home, profile, caps, unmask)
        proc = subprocess.run(["runc", "run", "--bundle", work, os.path.basename(work)], capture_output=True,
                              text=True, timeout=300)
        results = os.path.join(work, "tmp", "results.jsonl")
        verdicts = []
        if os.path.exists(results):
            with open(results) as f:
                verdicts = [(json.loads(line)["verdict"], json.loads(line)["sandboxed"]) for line in f]
        passed = verdicts == [(v, True) for v in EXPECTED]
        reason = next((line for line in (proc.stdout + proc.stderr).splitlines() if "bwrap:" in line), "")
        ok = passed == expect_pass
        print("%s %s: %s" % ("ok  " if ok else "FAIL", name,
                             "verified %s" % verdicts if passed else "no sandbox: " + (reason or proc.stderr[-300:])))
        return ok
    finally:
        subprocess.run(["runc", "delete", "--force", os.path.basename(work)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", required=True)
    parser.add_argument("--java-home", default=os.environ.get("JAVA_HOME"))
    parser.add_argument("--docker-default-profile")
    args = parser.parse_args()
    if os.geteuid() != 0 or not shutil.which("runc") or not os.path.exists("/usr/bin/bwrap"):
        sys.exit("needs root, runc and /usr/bin/bwrap")
    if not args.java_home:
        sys.exit("set JAVA_HOME or --java-home")
    java_home = os.path.realpath(args.java_home)
    with open(os.path.join(HERE, "seccomp-bwrap.json")) as f:
        ours = json.load(f)
    results = []
    if args.docker_default_profile:
        with open(args.docker_default_profile) as f:
            results.append(run_case("Docker's default seccomp profile", args.jar, java_home, json.load(f),
                                    DOCKER_CAPS, True, False))
    results.append(run_case("seccomp-bwrap.json, Docker's masked /proc", args.jar, java_home, ours, [], False, False))
    results.append(run_case("seccomp-bwrap.json + systempaths=unconfined, cap_drop ALL", args.jar, java_home, ours,
                            [], True, True))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
