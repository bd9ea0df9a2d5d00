package io.codesynth.generation;

import io.codesynth.generation.model.LoadedModel;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code model}: DOWN while the model loads or after it failed to, UP with the model's name,
 * device, dtype and size once it decodes. Part of the readiness group, so the worker is not ready before then.
 */
@Component("modelHealthIndicator")
class ModelHealthIndicator implements HealthIndicator {

    private final ModelStartup startup;

    ModelHealthIndicator(ModelStartup startup) {
        this.startup = startup;
    }

    @Override
    public Health health() {
        ModelStartup.State state = startup.state();
        Health.Builder health = state == ModelStartup.State.READY ? Health.up() : Health.down();
        health.withDetail("state", state.name().toLowerCase(Locale.ROOT));
        startup.modelDir().ifPresent(dir -> health.withDetail("directory", dir.toAbsolutePath().toString()));
        startup.failure().ifPresent(failure -> health.withDetail("error", failure));
        startup.engine().ifPresent(engine -> {
            LoadedModel model = engine.model();
            health.withDetail("name", model.info().name())
                    .withDetail("device", model.info().device())
                    .withDetail("dtype", model.info().dtype())
                    .withDetail("parameters", model.parameters())
                    .withDetail("promptFormat", model.prompts().format().id())
                    .withDetail("contextLength", model.contextLength())
                    .withDetail("randomWeights", model.randomWeights());
        });
        return health.build();
    }
}
