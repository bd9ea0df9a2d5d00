package io.codesynth.verification.worker;

import io.codesynth.verification.judge.CandidateVerifier;
import io.codesynth.verification.sandbox.SandboxPool;
import io.codesynth.verification.sandbox.SandboxUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox pool and what hangs off it. The pool checks the host and runs a self-test when it is
 * created; if that fails the context fails, and the worker does not start (fail closed, with
 * {@link SandboxUnavailableFailureAnalyzer}'s explanation).
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean
    VerificationMetrics verificationMetrics(MeterRegistry registry, Clock clock) {
        return new VerificationMetrics(registry, clock);
    }

    @Bean(destroyMethod = "close")
    SandboxPool sandboxPool(VerificationProperties properties, VerificationMetrics metrics)
            throws SandboxUnavailableException {
        SandboxPool pool = SandboxPool.open(properties.toSettings(), metrics);
        metrics.bind(pool);
        return pool;
    }

    @Bean
    CandidateVerifier candidateVerifier(SandboxPool pool) {
        return new CandidateVerifier(pool);
    }

    @Bean
    SandboxHealthIndicator sandboxHealthIndicator(SandboxPool pool) {
        return new SandboxHealthIndicator(pool);
    }
}
