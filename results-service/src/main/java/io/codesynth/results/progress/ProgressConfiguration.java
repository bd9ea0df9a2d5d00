package io.codesynth.results.progress;

import io.codesynth.results.ResultsSettings;
import io.codesynth.results.publish.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

/** The task and job state machine, and the sweeper that enforces the task deadline. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProgressConfiguration {

    @Bean
    JobProgress jobProgress(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock,
                            Outbox outbox, ResultsSettings settings, ApplicationEventPublisher events,
                            MeterRegistry meters) {
        return new JobProgress(jdbc, transaction, clock, outbox, settings.topCandidates(), events, meters);
    }

    @Bean
    DeadlineSweeper deadlineSweeper(JobProgress progress, ResultsSettings settings) {
        return new DeadlineSweeper(progress, settings.taskDeadline());
    }

    /**
     * The first sweep waits a whole deadline after start-up: while this service was down, nothing could
     * record news of any job, and the backlog on the topics must be read before a task counts as stuck.
     */
    @Bean
    SchedulingConfigurer deadlineSchedule(DeadlineSweeper sweeper, ResultsSettings settings) {
        return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(
                new FixedDelayTask(sweeper::sweep, settings.sweepInterval(), settings.taskDeadline()));
    }
}
