package io.codesynth.results.intake;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.ConsumerDefaults;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the jobs topic into {@link JobIntake}. The container commits a record's offset only after
 * this method returns, i.e. after the intake's transaction committed; failures go to the error
 * handler of {@link IntakeConfiguration}.
 *
 * <p>The consumer settings that correctness depends on are fixed here rather than left to
 * configuration: only committed records (the gateway publishes jobs transactionally), no automatic
 * commits, start from the earliest record when the group is new, and raw bytes so that a record that
 * does not decode still reaches the listener and from there the dead-letter topic unchanged.
 */
@Component
class JobsListener {

    static final String GROUP = "results-service";

    private final JobIntake intake;

    JobsListener(JobIntake intake) {
        this.intake = intake;
    }

    @KafkaListener(id = "results-jobs", idIsGroup = false, groupId = GROUP, topics = Topics.JOBS,
            properties = ConsumerDefaults.RAW_COMMITTED_RECORDS)
    void onJobSubmitted(ConsumerRecord<String, byte[]> record) {
        intake.accept(record.key(), record.value());
    }
}
