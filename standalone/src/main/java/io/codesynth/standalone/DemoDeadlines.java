package io.codesynth.standalone;

import java.time.Duration;
import java.util.UUID;

/**
 * How long the demo follows its job before it stops waiting, and what it then says. A job without the
 * workers that finish it only has to be stored ({@code store}). With them it has an overall deadline
 * ({@code job}), and the demo stops earlier when nothing it can see changed for {@code stalled}, or when
 * every task has its verification report but the job is still not final {@code afterVerified} later
 * (ranking the candidates and completing the job is results-service's step). The demo never reports a
 * job as finished that the pipeline has not finished.
 *
 * @param store         how long storing a job may take when no workers run
 * @param job           how long a whole job may take when workers run
 * @param stalled       how long the job may show no change at all
 * @param afterVerified how long a job whose every task is verified may take to become final
 */
record DemoDeadlines(Duration store, Duration job, Duration stalled, Duration afterVerified) {

    /**
     * The demo's own: its default job (eight held-out problems, {@link DemoSettings#DEMO_MODEL}, the bundled demo
     * model) ends in well under a minute on a 2-core CPU; a larger job or a real checkpoint has ample room.
     */
    static final DemoDeadlines DEFAULT = new DemoDeadlines(
            Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(2));

    /** Follows one job from {@code startNanos} (a {@link System#nanoTime()} reading). */
    Watch watch(UUID jobId, boolean workersRun, long startNanos) {
        return new Watch(this, jobId, workersRun, startNanos);
    }

    /** "90 s", "2 min": how the messages name a deadline. */
    static String describe(Duration duration) {
        return duration.compareTo(Duration.ofMinutes(2)) < 0
                ? duration.toSeconds() + " s"
                : duration.toMinutes() + " min";
    }

    /** The deadlines applied to one job, fed with what the demo sees at each poll. */
    static final class Watch {

        private final DemoDeadlines deadlines;
        private final UUID jobId;
        private final boolean workersRun;
        private final long startNanos;
        private String lastProgress;
        private long lastChangeNanos;
        private long allVerifiedSinceNanos = -1;

        private Watch(DemoDeadlines deadlines, UUID jobId, boolean workersRun, long startNanos) {
            this.deadlines = deadlines;
            this.jobId = jobId;
            this.workersRun = workersRun;
            this.startNanos = startNanos;
            this.lastChangeNanos = startNanos;
        }

        /**
         * Null to go on waiting, else why the demo stops.
         *
         * @param status      the status line the demo shows, for the message
         * @param progress    anything that changes when the job advances (its state and counts); a change is progress
         * @param allVerified whether every task of the job has its verification report
         */
        String giveUp(String status, String progress, boolean allVerified, long nowNanos) {
            if (!progress.equals(lastProgress)) {
                lastProgress = progress;
                lastChangeNanos = nowNanos;
            }
            if (allVerified && allVerifiedSinceNanos < 0) {
                allVerifiedSinceNanos = nowNanos;
            }
            String job = "job " + jobId;
            if (!workersRun) {
                return passed(startNanos, nowNanos, deadlines.store())
                        ? job + " was not stored with all its tasks within " + describe(deadlines.store()) + "; last seen: " + status
                        : null;
            }
            if (allVerifiedSinceNanos >= 0 && passed(allVerifiedSinceNanos, nowNanos, deadlines.afterVerified())) {
                return "every task of " + job + " has its verification report, but the job did not reach a final state"
                        + " within " + describe(deadlines.afterVerified()) + " after that (ranking and completing it is"
                        + " results-service's step); last seen: " + status;
            }
            if (passed(lastChangeNanos, nowNanos, deadlines.stalled())) {
                return job + " showed no progress for " + describe(deadlines.stalled()) + "; last seen: " + status;
            }
            if (passed(startNanos, nowNanos, deadlines.job())) {
                return job + " did not reach a final state within " + describe(deadlines.job()) + "; last seen: " + status;
            }
            return null;
        }

        private static boolean passed(long sinceNanos, long nowNanos, Duration deadline) {
            return nowNanos - sinceNanos > deadline.toNanos();
        }
    }
}
