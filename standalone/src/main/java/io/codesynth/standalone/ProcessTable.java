package io.codesynth.standalone;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import io.codesynth.contracts.PipelineJson;
import tools.jackson.core.JacksonException;

/**
 * {@code <data-dir>/processes.json}: what a running multi-process supervisor started, for {@code codesynth status}
 * and for the next start, which stops what a killed supervisor left behind. Written whole (a temporary file
 * renamed into place) at start and after each restart; removed after a clean stop. It holds no secret.
 *
 * @param supervisorPid    the launcher JVM that supervises the processes
 * @param startedAt        when it started, ISO-8601
 * @param bootstrapServers the Kafka the processes use
 * @param processes        every process, in start order
 */
record ProcessTable(long supervisorPid, String startedAt, String bootstrapServers, List<Entry> processes) {

    static final String FILE_NAME = "processes.json";

    /**
     * One process.
     *
     * @param name the process's name in the run ({@code generation-worker-2})
     * @param kind {@code kafka}, {@code postgres} or the service it runs
     * @param url  its HTTP base URL, empty for Kafka and PostgreSQL
     */
    record Entry(String name, String kind, long pid, int port, String url, String log) {
    }

    ProcessTable {
        processes = List.copyOf(processes);
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The table of the run on {@code dataDir}, if one was written and not removed. */
    static Optional<ProcessTable> read(Path dataDir) throws IOException {
        try {
            return Optional.of(PipelineJson.mapper().readValue(Files.readAllBytes(file(dataDir)), ProcessTable.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw new IOException(file(dataDir) + " is not a process table: " + e.getOriginalMessage(), e);
        }
    }

    void write(Path dataDir) throws IOException {
        Path target = file(dataDir);
        Path temporary = dataDir.resolve(FILE_NAME + ".new");
        Files.write(temporary, PipelineJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void remove(Path dataDir) throws IOException {
        Files.deleteIfExists(file(dataDir));
    }

    /** Whether the supervisor that wrote this table still runs. */
    boolean supervisorAlive() {
        return ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
