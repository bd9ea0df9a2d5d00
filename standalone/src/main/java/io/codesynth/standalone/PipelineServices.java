package io.codesynth.standalone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codesynth.gateway.GatewayApplication;
import io.codesynth.generation.GenerationWorkerApplication;
import io.codesynth.generation.model.BundledModel;
import io.codesynth.results.ResultsApplication;
import io.codesynth.verification.VerificationWorkerApplication;
import io.codesynth.verification.sandbox.SandboxPool;
import io.codesynth.verification.sandbox.SandboxSettings;

/**
 * The services the standalone runs, in start order (a service may use the URLs of those before it).
 * Running another service in the standalone is one more entry in {@link #all} (plus a
 * {@link PortSetting} for its HTTP port); the broker, database and API key reach it like the others
 * (a service without tables says {@code withoutDatabase()}; a worker that loads something after its
 * context started names its readiness path, and the demo waits for it). The verification worker starts
 * before the generation worker: it refuses to start without a sandbox, and that should stop the run before
 * a model is loaded. The gateway starts last, so no job is accepted before the services behind it are up.
 */
final class PipelineServices {

    static final String RESULTS_SERVICE = "results-service";
    static final String VERIFICATION_WORKER = "verification-worker";
    static final String GENERATION_WORKER = "generation-worker";
    static final String GATEWAY_SERVICE = "gateway-service";

    static final String DEMO_MODEL_NOTE = """
            model: the bundled demo model (models/README.md): it solves the demo task family's problems only;
            pass --model DIR for a Dream / DiffuCoder checkpoint""";
    static final String RANDOM_MODEL_NOTE = """
            model: tiny random checkpoint (no model configured and this build has no bundled demo model)
            candidates will be random text; pass --model DIR for a real checkpoint""";
    /** The verification worker's property for its sandbox mode ({@code sandboxed} or {@code unsandboxed}). */
    static final String SANDBOX_MODE_PROPERTY = "codesynth.verification.sandbox.mode";

    private PipelineServices() {
    }

    static List<PipelineService> all(RunSettings run) {
        return List.of(
                PipelineService.of(RESULTS_SERVICE, ResultsApplication::application, PortSetting.RESULTS)
                        .withApiDocs(),
                PipelineService.of(VERIFICATION_WORKER, VerificationWorkerApplication::application, PortSetting.VERIFICATION)
                        .withoutDatabase()
                        // always set: a mode from the environment must not unsandbox a run without --unsandboxed
                        .withOwnProperties(started -> Map.of(SANDBOX_MODE_PROPERTY, run.unsandboxed() ? "unsandboxed" : "sandboxed"))
                        .withReadiness(PipelineService.ACTUATOR_READINESS)
                        .withNote(PipelineServices::sandboxNote),
                PipelineService.of(GENERATION_WORKER, GenerationWorkerApplication::application, PortSetting.GENERATION)
                        .withoutDatabase()
                        .withOwnProperties(started -> generationProperties(run))
                        .withReadiness(PipelineService.ACTUATOR_READINESS)
                        .withNote(modelNote(run)),
                PipelineService.of(GATEWAY_SERVICE, () -> GatewayApplication.application().build(), PortSetting.GATEWAY)
                        .withOwnProperties(started -> Map.of("codesynth.gateway.results-url", started.url(RESULTS_SERVICE)))
                        .withNote("the REST API: POST /v1/jobs, GET /v1/jobs/{id}"));
    }

    /**
     * Whether jobs can reach a final state: only when generation and verification workers run. Without
     * them a job ends its journey stored, with its tasks queued for generation.
     */
    static boolean processesJobsToTheEnd(ServiceContexts services) {
        return services.isRunning(GENERATION_WORKER) && services.isRunning(VERIFICATION_WORKER);
    }

    /**
     * The sandbox the verification worker actually runs (its pool exists only once the sandbox passed its
     * self-test): "sandbox: bubblewrap 0.8.0, 2 slots", or a loud warning in the unsandboxed mode.
     */
    static String sandboxNote(ServiceContexts started) {
        SandboxPool pool = started.bean(VERIFICATION_WORKER, SandboxPool.class);
        SandboxSettings settings = pool.settings();
        String slots = settings.concurrency() + (settings.concurrency() == 1 ? " slot" : " slots");
        if (settings.sandboxed()) {
            return "sandbox: " + pool.runtimes().bwrapVersion() + ", " + slots;
        }
        return "sandbox: UNSANDBOXED, " + slots + "\n"
                + "WARNING: candidates run WITHOUT isolation (--unsandboxed: development only, never for untrusted code)";
    }

    static String modelNote(RunSettings run) {
        return run.modelDir().map(dir -> "model: " + dir)
                .orElse(BundledModel.DEMO.available() ? DEMO_MODEL_NOTE : RANDOM_MODEL_NOTE);
    }

    private static Map<String, String> generationProperties(RunSettings run) {
        Map<String, String> properties = new LinkedHashMap<>();
        // the default models go under the data directory, not into whatever directory the user started from
        properties.put("codesynth.generation.bundled-model-dir", run.bundledModelDir().toString());
        properties.put("codesynth.generation.fallback-model-dir", run.fallbackModelDir().toString());
        // always set, empty without --model: a model directory from the environment must not contradict the banner
        properties.put("codesynth.generation.model-dir", run.modelDir().map(Path::toString).orElse(""));
        return properties;
    }
}
