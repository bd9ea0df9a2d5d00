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
 * @param note          what the start banner says about the service next to its URL, possibly several lines,
 *                      empty for nothing; computed once every service has started, so it can report what the
 *                      service actually runs with
 * @param database      whether it keeps tables in the shared database (and so gets its connection settings)
 * @param apiDocs       whether it publishes OpenAPI documentation; springdoc is on the shared classpath for the
 *                      one service that does, and is switched off in the others
 */
record PipelineService(
        String name,
        Supplier<SpringApplication> application,
        PortSetting port,
        Function<ServiceContexts, Map<String, String>> ownProperties,
        String readinessPath,
        Function<ServiceContexts, String> note,
        boolean database,
        boolean apiDocs) {

    /** The actuator readiness group, for services that have one. */
    static final String ACTUATOR_READINESS = "/actuator/health/readiness";

    static PipelineService of(String name, Supplier<SpringApplication> application, PortSetting port) {
        return new PipelineService(name, application, port, started -> Map.of(), null, started -> "", true, false);
    }

    PipelineService withOwnProperties(Function<ServiceContexts, Map<String, String>> properties) {
        return new PipelineService(name, application, port, properties, readinessPath, note, database, apiDocs);
    }

    PipelineService withReadiness(String path) {
        return new PipelineService(name, application, port, ownProperties, path, note, database, apiDocs);
    }

    /** A service with no tables: it gets no database settings and no database auto-configuration. */
    PipelineService withoutDatabase() {
        return new PipelineService(name, application, port, ownProperties, readinessPath, note, false, apiDocs);
    }

    /** A service that serves its OpenAPI documentation (springdoc's endpoints). */
    PipelineService withApiDocs() {
        return new PipelineService(name, application, port, ownProperties, readinessPath, note, database, true);
    }

    PipelineService withNote(String text) {
        return withNote(started -> text);
    }

    /** A note computed from the started services (the banner is printed once all of them run). */
    PipelineService withNote(Function<ServiceContexts, String> text) {
        return new PipelineService(name, application, port, ownProperties, readinessPath, text, database, apiDocs);
    }
}
