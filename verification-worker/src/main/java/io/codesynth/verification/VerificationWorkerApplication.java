package io.codesynth.verification;

import java.time.Clock;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The verification worker: consumes candidate batches, runs every candidate against its tests in a
 * bubblewrap sandbox and publishes one verification report per batch. Its defaults live in
 * {@code verification-worker.yml}, so it can share a JVM with the other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VerificationWorkerApplication {

    /** Name of the service's configuration file ({@code verification-worker.yml}). */
    public static final String CONFIG_NAME = "verification-worker";

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application as {@link #main} runs it: reads {@code verification-worker.yml}, then
     * {@code application.yml} (if present) on top. The standalone module starts the worker this way too.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(VerificationWorkerApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME + ",application"));
        return application;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
