package io.codesynth.standalone;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;

/**
 * One service of the pipeline, run in the standalone as its own Spring application context.
 *
 * @param name          the service name; also its {@code spring.config.name}, so it reads {@code <name>.yml}
 * @param application   the service's application as its own {@code main} builds it
 * @param port          the setting holding its HTTP port
 * @param ownProperties properties only this service needs, computed from the services started before it
 *                      (for example the URL of another service)
 */
record PipelineService(
        String name,
        Supplier<SpringApplication> application,
        PortSetting port,
        Function<ServiceContexts, Map<String, String>> ownProperties) {
}
