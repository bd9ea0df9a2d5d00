package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** When the demo stops following a job that does not reach a final state, and what it says then. */
class DemoDeadlinesTest {

    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final DemoDeadlines DEADLINES = new DemoDeadlines(
            Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(2));

    private static long minutes(double minutes) {
        return (long) (minutes * 60e9);
    }

    @Test
    void aJobThatKeepsAdvancingIsFollowedUntilTheOverallDeadline() {
        DemoDeadlines.Watch watch = DEADLINES.watch(JOB, true, 0);

        for (int minute = 0; minute <= 30; minute++) {
            assertThat(watch.giveUp("generating", "progress " + minute, false, minutes(minute))).isNull();
        }
        assertThat(watch.giveUp("still generating", "progress 31", false, minutes(30.1)))
                .isEqualTo("job " + JOB + " did not reach a final state within 30 min; last seen: still generating");
    }

    @Test
    void aJobWithoutVisibleProgressIsGivenUpOnEarlier() {
        DemoDeadlines.Watch watch = DEADLINES.watch(JOB, true, 0);

        assertThat(watch.giveUp("generating", "same", false, minutes(0))).isNull();
        assertThat(watch.giveUp("generating", "same", false, minutes(9.9))).isNull();
        assertThat(watch.giveUp("generating", "same", false, minutes(10.1)))
                .isEqualTo("job " + JOB + " showed no progress for 10 min; last seen: generating");
    }

    @Test
    void aVerifiedJobThatIsNotCompletedIsReportedAsSuch() {
        DemoDeadlines.Watch watch = DEADLINES.watch(JOB, true, 0);

        assertThat(watch.giveUp("verifying", "a", false, minutes(1))).isNull();
        assertThat(watch.giveUp("verified", "b", true, minutes(3))).isNull();
        assertThat(watch.giveUp("verified", "b", true, minutes(4.9))).isNull();
        assertThat(watch.giveUp("verified", "b", true, minutes(5.1))).isEqualTo("every task of job " + JOB
                + " has its verification report, but the job did not reach a final state within 2 min after that"
                + " (ranking and completing it is results-service's step); last seen: verified");
    }

    @Test
    void withoutWorkersOnlyStoringCounts() {
        DemoDeadlines.Watch watch = DEADLINES.watch(JOB, false, 0);

        assertThat(watch.giveUp("waiting", "same", false, minutes(1.9))).isNull();
        assertThat(watch.giveUp("waiting", "same", false, minutes(2.1)))
                .isEqualTo("job " + JOB + " was not stored with all its tasks within 2 min; last seen: waiting");
    }

    @Test
    void shortDeadlinesAreNamedInSeconds() {
        assertThat(DemoDeadlines.describe(Duration.ofSeconds(20))).isEqualTo("20 s");
        assertThat(DemoDeadlines.describe(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(DemoDeadlines.describe(Duration.ofMinutes(30))).isEqualTo("30 min");
    }
}
