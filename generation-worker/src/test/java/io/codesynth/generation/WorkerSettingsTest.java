package io.codesynth.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.WorkerId;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** {@code codesynth.worker.id} as the generation worker binds it: from its yml, from the environment, checked. */
class WorkerSettingsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @Test
    void theShippedDefaultIsEmptyAndNamesTheWorkerByHostAndProcess() throws IOException {
        List<PropertySource<?>> yml = new YamlPropertySourceLoader().load(GenerationWorkerApplication.CONFIG_NAME,
                new ClassPathResource(GenerationWorkerApplication.CONFIG_NAME + ".yml"));

        assertThat(yml).anySatisfy(source -> assertThat(source.containsProperty("codesynth.worker.id")).isTrue());
        WorkerSettings settings = new Binder(ConfigurationPropertySources.from(yml))
                .bindOrCreate("codesynth.worker", WorkerSettings.class);
        assertThat(settings.configured()).isFalse();
        assertThat(settings.workerId()).isEqualTo(WorkerId.defaultId());
        assertThat(settings.workerId().value()).endsWith("/" + ProcessHandle.current().pid());
    }

    @Test
    void theEnvironmentVariableBindsTheSetting() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("CODESYNTH_WORKER_ID", "gpu-node-3/48121"));

        WorkerSettings settings = new Binder(ConfigurationPropertySources.from(environment))
                .bindOrCreate("codesynth.worker", WorkerSettings.class);

        assertThat(settings.configured()).isTrue();
        assertThat(settings.workerId()).isEqualTo(new WorkerId("gpu-node-3/48121"));
    }

    @Test
    void aConfiguredIdIsUsed() {
        context.withPropertyValues("codesynth.worker.id=gen-a").run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(WorkerSettings.class).workerId().value()).isEqualTo("gen-a");
        });
    }

    @Test
    void anInvalidIdStopsTheStartWithAMessageNamingTheSetting() {
        context.withPropertyValues("codesynth.worker.id=" + "x".repeat(201)).run(started -> assertThat(started)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessage("codesynth.worker.id (environment variable CODESYNTH_WORKER_ID) must be at most 200 "
                        + "characters, was 201"));
        context.withPropertyValues("codesynth.worker.id=gen\u00071").run(started -> assertThat(started)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageStartingWith("codesynth.worker.id (environment variable CODESYNTH_WORKER_ID) must be "
                        + "printable"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkerSettings.class)
    static class Settings {
    }
}
