package io.codesynth.standalone;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;

/**
 * One service of the pipeline, run in the standalone as its own Spring application context. Built with
 * {@link #of} and the {@code with...} methods, so an entry names only what sets it apart.
 *
 * @param name          the service name; also its {@code spring.config.name}, so it reads {@code <name>.yml}
 * @param application   the service's application as its own {@code main} builds it
 * @param port          the setting holding its HTTP port
 * @param ownProperties properties only this service needs, computed from the services started before it
 *                      (for example the URL of another service)
 * @param readinessPath an HTTP path that answers 200 once the service can do its work (a worker that loads a
 *                      model after its context started), or null when a started context is ready
 * @param note          what the start banner says about the service next to its URL, possibly several lines;
 *                      empty for nothing
 * @param database      whether it keeps tables in the shared database (and so gets its connection settings)
 */
record PipelineService(
        String name,
        Supplier<SpringApplication> application,
        PortSetting port,
        Function<ServiceContexts, Map<String, String>> ownProperties,
        String readinessPath,
        String note,
        boolean database) {

    /** The actuator readiness group, for services that have one. */
    static final String ACTUATOR_READINESS = "/actuator/health/readiness";

    static PipelineService of(String name, Supplier<SpringApplication> application, PortSetting port) {
        return new PipelineService(name, application, port, started -> Map.of(), null, "", true);
    }

    PipelineService withOwnProperties(Function<ServiceContexts, Map<String, String>> properties) {
        return new PipelineService(name, application, port, properties, readinessPath, note, database);
    }

    PipelineService withReadiness(String path) {
        return new PipelineService(name, application, port, ownProperties, path, note, database);
    }

    /** A service with no tables: it gets no database settings and no database auto-configuration. */
    PipelineService withoutDatabase() {
        return new PipelineService(name, application, port, ownProperties, readinessPath, note, false);
    }

    PipelineService withNote(String text) {
        return new PipelineService(name, application, port, ownProperties, readinessPath, text, database);
    }
}
