package io.codesynth.results;

import io.codesynth.results.intake.DeadLetterIntake;
import io.codesynth.results.intake.JobIntake;
import io.codesynth.results.intake.JobStore;
import io.codesynth.results.intake.TaskIntake;
import io.codesynth.results.intake.TaskStore;
import io.codesynth.results.progress.DeadlineSweeper;
import io.codesynth.results.progress.JobChanged;
import io.codesynth.results.progress.JobProgress;
import io.codesynth.results.publish.Outbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The service's plain classes on a real database, without Spring or Kafka, with a hand-moved clock. */
public final class TestPipeline {

    public static final Duration DEADLINE = Duration.ofMinutes(30);

    public final JdbcTemplate jdbc;
    public final TestClock clock = new TestClock(Instant.parse("2026-02-03T04:05:06Z"));
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final List<JobChanged> changes = new CopyOnWriteArrayList<>();
    public final JobProgress progress;
    public final JobIntake jobs;
    public final TaskIntake tasks;
    public final DeadLetterIntake deadLetters;
    public final DeadlineSweeper sweeper;

    public TestPipeline(DataSource dataSource) {
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        this.jdbc = named.getJdbcTemplate();
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Outbox outbox = new Outbox(named, () -> { });
        this.progress = new JobProgress(named, transaction, clock, outbox, 3,
                event -> changes.add((JobChanged) event), meters);
        this.jobs = new JobIntake(new JobStore(named), progress, meters);
        this.tasks = new TaskIntake(new TaskStore(named), progress, meters);
        this.deadLetters = new DeadLetterIntake(new TaskStore(named), progress, "results-service");
        this.sweeper = new DeadlineSweeper(progress, DEADLINE);
    }
}
