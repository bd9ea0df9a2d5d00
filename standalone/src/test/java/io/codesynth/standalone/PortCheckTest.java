package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void aPortTakenOnLoopbackIsReportedWithTheFlagThatMovesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThat(PortCheck.portsInUse(Map.of(PortSetting.KAFKA, port)))
                    .containsExactly("port " + port + " (Kafka) is in use; choose another with --kafka-port"
                            + " or CODESYNTH_KAFKA_PORT");
        }
    }

    @Test
    void freePortsAreNotReported() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertThat(PortCheck.portsInUse(Map.of(PortSetting.GATEWAY, port))).isEmpty();
    }
}
