package io.codesynth.generation;

import io.codesynth.contracts.Topics;
import io.codesynth.contracts.WorkerId;
import io.codesynth.generation.decode.GenerationEngine;
import io.codesynth.generation.decode.GenerationMetrics;
import io.codesynth.generation.model.FallbackCheckpoint;
import io.codesynth.generation.model.LoadedModel;
import io.codesynth.generation.model.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Loads the model in the background when the service starts (a large checkpoint takes minutes), then starts the
 * generation listener: nothing is consumed before the model can decode it, and readiness stays down until then
 * ({@link ModelHealthIndicator}). On shutdown the running decode is cancelled as soon as the context starts
 * closing, so the listener containers, which stop first (their phase is higher), need not wait for it: its
 * requests fail with a cancellation, are neither published nor dead-lettered, and keep their offsets uncommitted,
 * so they are decoded again after the restart. The batcher and the model stop last.
 */
@Component
class ModelStartup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ModelStartup.class);

    enum State { STOPPED, LOADING, READY, FAILED }

    private final GenerationProperties properties;
    private final GenerationMetrics metrics;
    private final KafkaListenerEndpointRegistry listeners;
    private final Clock clock;
    private final WorkerId worker;
    private final ApplicationContext context;
    private volatile State state = State.STOPPED;
    private volatile GenerationEngine engine;
    private volatile Path modelDir;
    private volatile String failure;
    private volatile boolean running;

    ModelStartup(GenerationProperties properties, GenerationMetrics metrics, KafkaListenerEndpointRegistry listeners,
            Clock clock, WorkerId worker, ApplicationContext context) {
        this.properties = properties;
        this.metrics = metrics;
        this.listeners = listeners;
        this.clock = clock;
        this.worker = worker;
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
        state = State.LOADING;
        Thread.ofPlatform().name("model-loader").daemon().start(this::load);
    }

    private void load() {
        try {
            Path configured = properties.modelDir() == null || properties.modelDir().toString().isBlank()
                    ? null : properties.modelDir();
            modelDir = FallbackCheckpoint.resolve(configured, properties.bundledModelDir(),
                    properties.fallbackModelDir());
            LoadedModel model = ModelLoader.load(modelDir, properties.modelSettings());
            GenerationEngine loaded = new GenerationEngine(model, properties.batching(), metrics, clock, worker);
            synchronized (this) {
                if (!running) {
                    loaded.close();
                    return;
                }
                engine = loaded;
                state = State.READY;
            }
            if (model.randomWeights()) {
                log.warn("Model {} has RANDOM weights: every candidate will be random text", model.info().name());
            }
            MessageListenerContainer container = listeners.getListenerContainer(GenerationListener.ID);
            if (container == null) {
                throw new IllegalStateException("listener container " + GenerationListener.ID + " is not registered");
            }
            container.start();
            log.info("Consuming {} with model {}", Topics.GENERATION, model.info().name());
        } catch (RuntimeException | Error e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            state = State.FAILED;
            log.error("The model could not be loaded; this worker consumes nothing until it is restarted "
                    + "with a usable codesynth.generation.model-dir", e);
        }
    }

    /**
     * The context is closing: stop the running decode now rather than after the listener containers gave up
     * waiting for it. Published before any bean stops.
     */
    @EventListener
    void onClosing(ContextClosedEvent event) {
        GenerationEngine running = engine;
        if (event.getApplicationContext() == context && running != null) {
            log.info("Stopping: cancelling the running decode; its requests will be decoded again after the restart");
            running.cancel();
        }
    }

    @Override
    public void stop() {
        GenerationEngine stopping;
        synchronized (this) {
            running = false;
            stopping = engine;
            engine = null;
            if (state != State.FAILED) {
                state = State.STOPPED;
            }
        }
        if (stopping != null) {
            stopping.close(Duration.ofSeconds(30));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the listener containers' phase: started before them, stopped after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** The engine, once the model is loaded. */
    Optional<GenerationEngine> engine() {
        return Optional.ofNullable(engine);
    }

    State state() {
        return state;
    }

    Optional<Path> modelDir() {
        return Optional.ofNullable(modelDir);
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }
}
