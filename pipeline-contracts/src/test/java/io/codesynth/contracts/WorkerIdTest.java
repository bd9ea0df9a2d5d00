package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The codesynth.worker.id setting: its default, what it accepts, and the messages of what it refuses. */
class WorkerIdTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t"})
    void anEmptySettingNamesTheWorkerByHostAndProcess(String configured) {
        WorkerId id = WorkerId.of(configured);

        assertThat(id).isEqualTo(WorkerId.defaultId());
        assertThat(id.value()).endsWith("/" + ProcessHandle.current().pid());
        String host = id.value().substring(0, id.value().lastIndexOf('/'));
        assertThat(host).isNotBlank().doesNotContain("\n");
    }

    @Test
    void aConfiguredIdIsTakenAsGivenWithoutSurroundingWhiteSpace() {
        assertThat(WorkerId.of("  gpu-node-3/48121\n").value()).isEqualTo("gpu-node-3/48121");
        assertThat(WorkerId.of("gen A (rack 2)").value()).isEqualTo("gen A (rack 2)");
        assertThat(WorkerId.of("ノード-1").value()).isEqualTo("ノード-1");
        assertThat(WorkerId.of("x".repeat(WorkerId.MAX_LENGTH)).value()).hasSize(WorkerId.MAX_LENGTH);
        // characters outside the basic plane count once
        assertThat(WorkerId.of("\uD83D\uDE80".repeat(WorkerId.MAX_LENGTH)).value()).hasSize(2 * WorkerId.MAX_LENGTH);
        assertThat(WorkerId.of("gen-1")).hasToString("gen-1");
    }

    @Test
    void aTooLongIdIsRefusedNamingTheSettingAndItsVariable() {
        assertThatThrownBy(() -> WorkerId.of("x".repeat(WorkerId.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("codesynth.worker.id (environment variable CODESYNTH_WORKER_ID) must be at most 200 "
                        + "characters, was 201");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen\t1", "gen\u00071", "gen\u200B1", "gen\u20281", "gen\uE0001", "gen\u00851"})
    void unprintableCharactersAreRefused(String configured) {
        assertThatThrownBy(() -> WorkerId.of(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("codesynth.worker.id (environment variable CODESYNTH_WORKER_ID) must be "
                        + "printable, but character 4 is U+");
    }

    @Test
    void theRecordChecksItsValueToo() {
        assertThatThrownBy(() -> new WorkerId(" ")).hasMessage("a worker id must not be blank");
        assertThatThrownBy(() -> new WorkerId("a\nb")).hasMessage("a worker id must be printable, but character 2 is "
                + "U+000A");
    }

    @Test
    void theDefaultFallsBackToTheEnvironmentsHostname() {
        assertThat(WorkerId.hostName(() -> "gpu-node-3", Map.of("HOSTNAME", "other"))).isEqualTo("gpu-node-3");
        assertThat(WorkerId.hostName(() -> {
            throw new UnknownHostException("no name");
        }, Map.of("HOSTNAME", " pod-7f9c "))).isEqualTo("pod-7f9c");
        assertThat(WorkerId.hostName(() -> "", Map.of("HOSTNAME", "pod-7f9c"))).isEqualTo("pod-7f9c");
        assertThat(WorkerId.hostName(() -> null, Map.of())).isEqualTo("localhost");
    }

    @Test
    void theDefaultIsAlwaysAValidId() {
        assertThat(WorkerId.defaultValue("gpu-node-3", 48121)).isEqualTo("gpu-node-3/48121");
        assertThat(WorkerId.defaultValue("bad\u0000host", 7)).isEqualTo("bad?host/7");
        assertThat(WorkerId.defaultValue("  ", 7)).isEqualTo("localhost/7");
        String cut = WorkerId.defaultValue("h".repeat(300), 4_194_304);
        assertThat(cut).hasSize(WorkerId.MAX_LENGTH).endsWith("h/4194304");
        assertThat(new WorkerId(cut).value()).isEqualTo(cut);
    }
}
