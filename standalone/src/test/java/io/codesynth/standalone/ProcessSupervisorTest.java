package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSupervisorTest {

    @TempDir
    Path dir;

    @Test
    void aDeathIsReportedWithItsSignalAndTheEndOfTheLog() throws IOException {
        Path log = dir.resolve("generation-worker-2.log");
        Files.write(log, IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).toList());
        ServiceProcess process = new ServiceProcess("generation-worker-2", "generation-worker", 8182, List.of("java"),
                Map.of(), log, "/actuator/health/readiness");

        String report = ProcessSupervisor.describeExit(process, 137);

        assertThat(report).startsWith("generation-worker-2 exited with status 137 (killed by signal 9); the end of its log "
                + log + ":").contains("    line 40").contains("    line 26").doesNotContain("line 25\n");
        assertThat(ProcessSupervisor.describeExit(process, 1)).startsWith("generation-worker-2 exited with status 1;");
    }

    @Test
    void anEmptyLogIsSaidToBeEmpty() throws IOException {
        Path log = Files.writeString(dir.resolve("kafka.log"), "");
        ServiceProcess kafka = new ServiceProcess("kafka", "kafka", 9092, List.of("java"), Map.of(), log, null);

        assertThat(ProcessSupervisor.describeExit(kafka, 1)).isEqualTo("kafka exited with status 1; its log " + log + " is empty");
    }

    @Test
    void theProcessTableSurvivesARoundTripAndKnowsWhetherItsSupervisorRuns() throws IOException {
        ProcessTable table = new ProcessTable(ProcessHandle.current().pid(), "2026-12-04T10:00:00Z", "127.0.0.1:9092",
                List.of(new ProcessTable.Entry("kafka", "kafka", 42, 9092, "", "/data/logs/kafka.log")));
        table.write(dir);

        assertThat(ProcessTable.read(dir)).contains(table);
        assertThat(table.supervisorAlive()).isTrue();
        assertThat(new ProcessTable(Long.MAX_VALUE, "", "", List.of()).supervisorAlive()).isFalse();
        ProcessTable.remove(dir);
        assertThat(ProcessTable.read(dir)).isEmpty();
    }

    @Test
    void statusSaysSoWhenNothingRuns() {
        var out = new java.io.ByteArrayOutputStream();
        int status = new StatusCommand(new java.io.PrintStream(out, true)).run(dir);

        assertThat(status).isEqualTo(StatusCommand.NOT_RUNNING);
        assertThat(out.toString()).startsWith("No multi-process CodeSynth runs on " + dir);
    }
}
