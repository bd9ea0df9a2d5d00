package io.codesynth.deployment;

import static io.codesynth.deployment.ComposeProject.list;
import static io.codesynth.deployment.ComposeProject.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * infra/verification-worker/seccomp-bwrap.json, the seccomp profile of the verification worker's container:
 * Docker's default profile plus exactly the calls bubblewrap makes to build its sandbox as an unprivileged user
 * (clone/unshare with namespace flags, mount, umount2, pivot_root, sethostname), and nothing else opened up.
 * docs/deploy.md, "The sandbox in a container", says why each is needed.
 */
class ComposeSandboxSecurityTest {

    private static final Set<String> BWRAP_CALLS = Set.of("clone", "unshare", "mount", "umount2", "pivot_root", "sethostname");
    /** Calls Docker's default profile keeps for containers holding a capability this one never has (cap_drop: ALL). */
    private static final Set<String> STILL_GATED = Set.of("bpf", "setns", "keyctl", "add_key", "request_key", "kexec_load",
            "init_module", "finit_module", "delete_module", "open_by_handle_at", "perf_event_open", "fsopen", "fsmount",
            "fsconfig", "move_mount", "open_tree", "mount_setattr", "quotactl", "syslog", "reboot", "swapon", "swapoff",
            "clock_settime", "settimeofday", "iopl", "ioperm", "userfaultfd", "lookup_dcookie", "acct", "chroot");

    private static Map<String, Object> profile() {
        return JsonParserFactory.getJsonParser().parseMap(ComposeProject.read(ComposeProject.SECCOMP_PROFILE));
    }

    private static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        list(profile().get("syscalls")).forEach(rule -> rules.add(map(rule)));
        return rules;
    }

    private static boolean unconditional(Map<String, Object> rule) {
        return list(rule.get("args")).isEmpty() && map(rule.get("includes")).isEmpty() && map(rule.get("excludes")).isEmpty();
    }

    @Test
    void everythingNotAllowedIsDenied() {
        assertThat(profile().get("defaultAction")).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(list(profile().get("archMap"))).isNotEmpty();
    }

    @Test
    void oneUnconditionalRuleAllowsWhatBubblewrapNeeds() {
        List<Map<String, Object>> bwrap = rules().stream()
                .filter(rule -> list(rule.get("names")).stream().anyMatch(BWRAP_CALLS::contains)
                        && "SCMP_ACT_ALLOW".equals(rule.get("action")))
                .toList();
        assertThat(bwrap).as("the rules that allow bubblewrap's calls").hasSize(1);
        assertThat(unconditional(bwrap.get(0))).isTrue();
        assertThat(list(bwrap.get(0).get("names"))).containsExactlyInAnyOrderElementsOf(BWRAP_CALLS);
    }

    @Test
    void nothingElseIsOpenedUp() {
        for (Map<String, Object> rule : rules()) {
            if (!"SCMP_ACT_ALLOW".equals(rule.get("action"))) {
                continue;
            }
            List<String> gated = list(rule.get("names")).stream().map(String::valueOf).filter(STILL_GATED::contains).toList();
            if (!gated.isEmpty()) {
                assertThat(map(rule.get("includes")).get("caps"))
                        .as("%s are allowed only to a container that holds the capability for them", gated)
                        .isNotNull();
            }
        }
        // clone3 still answers ENOSYS without CAP_SYS_ADMIN, so glibc uses clone, which the rule above filters
        assertThat(rules()).anySatisfy(rule -> {
            assertThat(list(rule.get("names"))).containsExactly("clone3");
            assertThat(rule.get("action")).isEqualTo("SCMP_ACT_ERRNO");
        });
    }

    @Test
    void theContainerKeepsNoCapabilityThatWouldReopenTheGatedCalls() {
        Map<String, Object> worker = ComposeProject.composeServices().get("verification-worker");
        assertThat(list(worker.get("cap_drop"))).containsExactly("ALL");
        assertThat(worker).doesNotContainKey("cap_add");
        assertThat(list(worker.get("security_opt"))).contains("seccomp=./infra/verification-worker/seccomp-bwrap.json",
                "no-new-privileges:true");
    }

    @Test
    void theSandboxRunsAsAnUnprivilegedUidInsideItsUserNamespace() {
        Object uid = ComposeProject.at(ComposeProject.serviceDefaults("verification-worker"), "codesynth.verification.sandbox.uid");
        assertThat(uid).isInstanceOf(Integer.class);
        assertThat((Integer) uid).isPositive();
        assertThat(ComposeProject.environment(ComposeProject.composeServices().get("verification-worker")))
                .doesNotContainKey("CODESYNTH_VERIFICATION_SANDBOX_UID")
                .containsEntry("CODESYNTH_VERIFICATION_SANDBOX_MODE", "sandboxed");
    }
}
