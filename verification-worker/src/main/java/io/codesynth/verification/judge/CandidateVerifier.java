package io.codesynth.verification.judge;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.SandboxLimits;
import io.codesynth.verification.sandbox.RunLimits;
import io.codesynth.verification.sandbox.RunResult;
import io.codesynth.verification.sandbox.SandboxPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Verifies candidates of a problem in the sandbox pool, concurrently up to the pool's limit. */
public final class CandidateVerifier {

    private final SandboxPool pool;

    public CandidateVerifier(SandboxPool pool) {
        this.pool = pool;
    }

    /** The limits a job gets: what it asked for, else the operator's defaults, never above the maxima. */
    public RunLimits limitsFor(SandboxLimits requested) {
        return pool.settings().defaults().resolve(requested, pool.settings().maxima());
    }

    public CandidateVerdict verify(Problem problem, String candidateId, int sampleIndex, String completion,
                                   RunLimits limits) {
        RunResult run = pool.run(ProgramAssembler.request(problem, candidateId, completion, limits));
        return Judge.verdict(candidateId, sampleIndex, run, limits, fallbackTotal(problem));
    }

    /** Every candidate's verdict, in the candidates' order; the runs share the pool with everyone else's. */
    public List<CandidateVerdict> verifyAll(Problem problem, List<Candidate> candidates, RunLimits limits) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CandidateVerdict>> futures = new ArrayList<>(candidates.size());
            for (Candidate candidate : candidates) {
                futures.add(executor.submit(() -> verify(problem, candidate.candidateId(), candidate.sampleIndex(),
                        candidate.completion(), limits)));
            }
            List<CandidateVerdict> verdicts = new ArrayList<>(candidates.size());
            for (Future<CandidateVerdict> future : futures) {
                verdicts.add(future.get());
            }
            return verdicts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying candidates", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("verification failed: " + e.getCause(), e.getCause());
        }
    }

    public SandboxPool pool() {
        return pool;
    }

    /** Test count to report when the harness never said: one per assertion (MBPP), else one per test file. */
    private static int fallbackTotal(Problem problem) {
        return problem.format() == ProblemFormat.MBPP ? problem.tests().size() : Math.max(1, problem.tests().size());
    }
}
