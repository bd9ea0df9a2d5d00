package io.codesynth.standalone;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One OS process of a multi-process run ({@code --processes}): what to execute and how to tell that it is ready.
 *
 * @param name          unique in the run: {@code kafka}, {@code results-service}, {@code generation-worker-2}, ...
 * @param kind          what it runs: the service's name ({@code generation-worker}), or {@code kafka}
 * @param port          the port it serves (HTTP for the services, the client listener for Kafka)
 * @param command       the command line, {@code java ... -jar <exec jar>}
 * @param environment   the variables set on top of the launcher's own environment: the services' settings, under
 *                      the names docker-compose.yml and k8s/ use too
 * @param log           where its standard output and error go (appended: a restart keeps the lines before it)
 * @param readinessPath the HTTP path that answers 200 once it can do its work; null for Kafka, which is ready when
 *                      it answers an admin request
 */
record ServiceProcess(
        String name,
        String kind,
        int port,
        List<String> command,
        Map<String, String> environment,
        Path log,
        String readinessPath) {

    ServiceProcess {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** Base URL of a service, without a trailing slash. */
    String url() {
        return "http://localhost:" + port;
    }

    boolean isKafka() {
        return readinessPath == null;
    }
}
