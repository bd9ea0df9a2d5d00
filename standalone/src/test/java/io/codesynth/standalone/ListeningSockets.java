package io.codesynth.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which process listens on which TCP port, read from {@code /proc} as {@code ss -ltnp} reads it: the listening
 * sockets' inodes from {@code /proc/net/tcp} and {@code tcp6}, then the process whose file descriptors hold them.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** Port → pid of every listening TCP socket this user can see. */
    static Map<Integer, Long> pidsByPort() throws IOException {
        Map<String, Integer> portByInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals(LISTEN)) {
                    String local = fields[1];
                    portByInode.put(fields[9], Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        }
        Map<Integer, Long> pidByPort = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                try (Stream<Path> descriptors = Files.list(process.resolve("fd"))) {
                    for (Path descriptor : descriptors.toList()) {
                        String target = readLink(descriptor);
                        if (target.startsWith("socket:[")) {
                            Integer port = portByInode.get(target.substring(8, target.length() - 1));
                            if (port != null) {
                                pidByPort.putIfAbsent(port, Long.parseLong(process.getFileName().toString()));
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process ended, or its descriptors are not ours to read
                }
            }
        }
        return pidByPort;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
