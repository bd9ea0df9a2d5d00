#!/usr/bin/env python3
"""Writes seccomp-bwrap.json: Docker's default seccomp profile plus what bubblewrap needs.

Input: Docker's default profile, moby/profiles `seccomp/default.json` at tag `seccomp/v0.2.3`
(Apache License 2.0; sha256 536529b665dd0972c37bfb569f5d4ac8a53592e7b00752bc39ff063ca9864c74).

    python3 infra/verification-worker/make-seccomp-profile.py default.json > infra/verification-worker/seccomp-bwrap.json

What changes, and nothing else (docs/deploy.md, "The sandbox in a container", says why):

* one rule allows clone, unshare, mount, umount2, pivot_root and sethostname without CAP_SYS_ADMIN.
  Docker's default allows them only to a container that holds CAP_SYS_ADMIN (and clone only without
  namespace flags). bubblewrap run by an unprivileged user creates a user namespace and then, inside it,
  a mount, PID, network, IPC, UTS and cgroup namespace, builds its root with mount/pivot_root/umount2 and
  sets the sandbox's hostname. The kernel still checks each of these calls against the capabilities
  the caller holds in the user namespace it is in: allowing them here does not let them act on the
  container's own namespaces.
* the moby rules that covered the same calls are removed so that no call has two rules: clone, unshare,
  mount, umount2 and sethostname leave the CAP_SYS_ADMIN rule, and the two flag-filtered clone rules go.

Everything else, including clone3 answering ENOSYS (glibc then falls back to clone), stays as Docker has it.
"""
import json
import sys

ALLOWED = ["clone", "mount", "pivot_root", "sethostname", "umount2", "unshare"]
COMMENT = ("CodeSynth verification-worker: bubblewrap as an unprivileged user creates a user namespace and, "
           "inside it, the sandbox's mount/pid/net/ipc/uts/cgroup namespaces and root "
           "(see docs/deploy.md, 'The sandbox in a container')")


def derive(profile):
    rules = []
    for rule in profile["syscalls"]:
        names = rule["names"]
        if names == ["clone"] and rule.get("action") == "SCMP_ACT_ALLOW" and rule.get("args"):
            continue  # the flag-filtered clone rules (plain and s390): replaced by the rule below
        if rule.get("includes", {}).get("caps") == ["CAP_SYS_ADMIN"]:
            rule = dict(rule, names=[n for n in names if n not in ALLOWED])
        rules.append(rule)
    rules.insert(1, {"names": ALLOWED, "action": "SCMP_ACT_ALLOW", "comment": COMMENT})
    return dict(profile, syscalls=rules)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-seccomp-profile.py DOCKER_DEFAULT_SECCOMP_JSON > seccomp-bwrap.json")
    with open(sys.argv[1], encoding="utf-8") as source:
        profile = json.load(source)
    json.dump(derive(profile), sys.stdout, indent="\t")
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
