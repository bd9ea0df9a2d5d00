package io.codesynth.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.codesynth.contracts.ConsumerGroups;
import io.codesynth.contracts.PipelineJson;
import tools.jackson.core.JacksonException;

/**
 * {@code codesynth status}: the processes of the multi-process run on a data directory, from its
 * {@link ProcessTable}, each with its health as its own probe reports it, then every pipeline consumer group with
 * its members and its lag per topic.
 *
 * <p>Exit status: 0 when every process is up, 1 when one is not, 3 when no multi-process run is on the directory.
 */
final class StatusCommand {

    static final int NOT_RUNNING = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PrintStream out;

    StatusCommand(PrintStream out) {
        this.out = out;
    }

    int run(Path dataDir) {
        Optional<ProcessTable> read;
        try {
            read = ProcessTable.read(dataDir);
        } catch (IOException e) {
            out.println("codesynth status: " + e.getMessage());
            return 1;
        }
        if (read.isEmpty() || !read.get().supervisorAlive()) {
            out.println("No multi-process CodeSynth runs on " + dataDir.toAbsolutePath().normalize()
                    + (read.isPresent() ? " (its supervisor, pid " + read.get().supervisorPid() + ", is gone)" : "")
                    + "; start one with: codesynth start --processes --data-dir " + dataDir);
            return NOT_RUNNING;
        }
        ProcessTable table = read.get();
        out.println("CodeSynth on " + dataDir.toAbsolutePath().normalize() + " (supervisor pid " + table.supervisorPid()
                + ", started " + table.startedAt() + ")");
        out.println();
        out.printf("  %-24s %-8s %-6s %s%n", "process", "pid", "port", "health");
        boolean allUp = true;
        for (ProcessTable.Entry entry : table.processes()) {
            String health = health(entry, table.bootstrapServers());
            allUp &= health.equals("UP");
            out.printf("  %-24s %-8d %-6d %s%n", entry.name(), entry.pid(), entry.port(), health);
        }
        out.println();
        printGroups(table.bootstrapServers());
        return allUp ? 0 : 1;
    }

    private void printGroups(String bootstrapServers) {
        out.println("consumer groups (lag: committed records not yet consumed by the group, per topic)");
        try (ConsumerLag lag = new ConsumerLag(bootstrapServers)) {
            for (ConsumerLag.Group group : lag.groups(ConsumerGroups.ALL)) {
                String topics = group.lagByTopic().isEmpty() ? "no committed offsets yet"
                        : group.lagByTopic().entrySet().stream()
                                .map(topic -> topic.getKey() + " " + topic.getValue())
                                .collect(Collectors.joining(", "));
                out.printf("  %-20s %2d %-7s %-12s lag %s%n", group.group(), group.members(),
                        group.members() == 1 ? "member" : "members", group.state(), topics);
            }
        } catch (ExecutionException | TimeoutException e) {
            out.println("  Kafka at " + bootstrapServers + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** UP, or what is wrong: DEAD (the process is gone), DOWN (it does not answer), or the status its probe reports. */
    private String health(ProcessTable.Entry entry, String bootstrapServers) {
        if (ProcessHandle.of(entry.pid()).map(ProcessHandle::isAlive).orElse(false) == false) {
            return "DEAD (pid " + entry.pid() + " is gone; its log: " + entry.log() + ")";
        }
        return switch (entry.kind()) {
            case "kafka" -> {
                try {
                    ConsumerLag.awaitBroker(bootstrapServers, Duration.ofSeconds(3));
                    yield "UP";
                } catch (TimeoutException e) {
                    yield "DOWN (no answer to an admin request)";
                }
            }
            case ProcessSupervisor.POSTGRES -> acceptsConnections(entry.port()) ? "UP" : "DOWN (refuses connections)";
            default -> serviceHealth(entry.url());
        };
    }

    private String serviceHealth(String url) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String status = PipelineJson.mapper().readTree(response.body()).path("status").asString("");
            return status.isBlank() ? "HTTP " + response.statusCode() : status;
        } catch (IOException | JacksonException e) {
            return "DOWN (no answer at " + url + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
