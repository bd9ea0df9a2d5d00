package io.codesynth.standalone;

import java.util.List;
import java.util.Map;

import io.codesynth.gateway.GatewayApplication;
import io.codesynth.results.ResultsApplication;

/**
 * The services the standalone runs, in start order (a service may use the URLs of those before it).
 * Running another service in the standalone is one more entry in {@link #all()} (plus a
 * {@link PortSetting} for its HTTP port); the broker, database and API key reach it like the others.
 */
final class PipelineServices {

    static final String RESULTS_SERVICE = "results-service";
    static final String GATEWAY_SERVICE = "gateway-service";

    private PipelineServices() {
    }

    static List<PipelineService> all() {
        return List.of(
                new PipelineService(RESULTS_SERVICE, ResultsApplication::application, PortSetting.RESULTS,
                        started -> Map.of()),
                new PipelineService(GATEWAY_SERVICE, () -> GatewayApplication.application().build(), PortSetting.GATEWAY,
                        started -> Map.of("codesynth.gateway.results-url", started.url(RESULTS_SERVICE))));
    }

    /**
     * Whether jobs can reach a final state: only when generation and verification workers run. Until
     * then a job ends its journey stored, with its tasks queued for generation.
     */
    static boolean processesJobsToTheEnd(ServiceContexts services) {
        return services.isRunning("generation-worker") && services.isRunning("verification-worker");
    }
}
