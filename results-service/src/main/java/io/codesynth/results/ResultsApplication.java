package io.codesynth.results;

import io.codesynth.results.api.ApiKeyCheck;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The results service: stores jobs, tasks, candidates and verdicts in PostgreSQL and serves the job
 * read API. Its defaults live in {@code results-service.yml}, so it can run in one JVM with the
 * other services without their configuration files shadowing each other.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ResultsApplication {

    /** Name of the service's configuration file ({@code results-service.yml}). */
    public static final String CONFIG_NAME = "results-service";

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application as {@link #main} runs it: reads {@code results-service.yml}, then
     * {@code application.yml} (if present) on top, so an operator's usual override file still works.
     * Checks the API keys before anything else starts. The standalone module starts the service
     * through this method as well.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(ResultsApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME + ",application"));
        application.addListeners(new ApiKeyCheck());
        return application;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
