package io.codesynth.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The REST front door of CodeSynth: authenticates API keys, validates and submits jobs onto Kafka,
 * and forwards read routes to results-service so a client needs one base URL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /**
     * Name of this service's configuration file ({@code gateway-service.yml}). Every service has its own
     * name so that several services can share one JVM (the standalone run) without their defaults
     * shadowing each other; {@code application.yml} is read after it, so a deployment can still
     * override settings in the conventional file.
     */
    public static final String CONFIG_NAME = "gateway-service";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as {@link #main} runs it, for launchers that embed the gateway. */
    public static SpringApplicationBuilder application() {
        // default properties have the lowest precedence: --spring.config.name on the command line still wins
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME + ",application");
    }
}
