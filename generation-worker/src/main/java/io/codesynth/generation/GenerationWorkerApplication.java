package io.codesynth.generation;

import io.codesynth.contracts.WorkerId;
import io.codesynth.generation.decode.GenerationMetrics;
import io.codesynth.generation.model.DjlDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The generation worker: consumes generation requests, decodes them in micro-batches with a masked-diffusion code
 * model and publishes one candidate batch per request. Its defaults live in {@code generation-worker.yml}, so it
 * can run in one JVM with the other services without their configuration files shadowing each other.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GenerationWorkerApplication {

    /** Name of the service's configuration file ({@code generation-worker.yml}). */
    public static final String CONFIG_NAME = "generation-worker";

    private static final Logger log = LoggerFactory.getLogger(GenerationWorkerApplication.class);

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application as {@link #main} runs it: reads {@code generation-worker.yml}, then {@code application.yml}
     * (if present) on top. Keeps DJL offline unless {@code ai.djl.offline} is set. The standalone module starts the
     * service through this method as well.
     */
    public static SpringApplication application() {
        DjlDefaults.offlineUnlessSet();
        SpringApplication application = new SpringApplication(GenerationWorkerApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME + ",application"));
        return application;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** This worker's id, carried by every candidate batch it publishes ({@code CandidateBatch.generatedBy}). */
    @Bean
    WorkerId workerId(WorkerSettings settings) {
        WorkerId id = settings.workerId();
        log.info("Generation worker id: {}{}", id, settings.configured() ? "" : " (" + WorkerId.SETTING
                + " is empty: <hostname>/<pid>)");
        return id;
    }

    @Bean
    GenerationMetrics generationMetrics(MeterRegistry registry) {
        return new GenerationMetrics(registry);
    }
}
