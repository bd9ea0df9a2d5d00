package io.codesynth.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds ports that are already taken before anything starts, so a clash is one clear sentence
 * instead of a half-started broker and a bind exception deep in a log.
 */
final class PortCheck {

    private PortCheck() {
    }

    /**
     * One message per port that cannot be bound, in the order given, e.g.
     * {@code port 9092 (Kafka) is in use; choose another with --kafka-port}. Empty when all are free.
     */
    static List<String> portsInUse(Map<PortSetting, Integer> ports) {
        List<String> problems = new ArrayList<>();
        for (PortSetting setting : PortSetting.values()) {
            Integer port = ports.get(setting);
            if (port != null && !isFree(port)) {
                problems.add("port " + port + " (" + setting.label() + ") is in use; choose another with "
                        + setting.flag() + " or " + setting.environmentVariable());
            }
        }
        return problems;
    }

    /**
     * Whether {@code port} can be bound on every interface. The wildcard bind also fails when another
     * process listens on a single address such as 127.0.0.1; address reuse stays on so that sockets of
     * a previous run lingering in TIME_WAIT do not count as taken (the servers bind with it too).
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
