package io.codesynth.results.intake;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.ConsumerDefaults;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the candidates and verdicts topics into {@link TaskIntake} and the dead-letter topics of the
 * task messages into {@link DeadLetterIntake}. Offsets are committed after each method returns, i.e.
 * after the database transaction committed. Same fixed consumer settings as {@link JobsListener}:
 * committed records only, manual commits, earliest on a new group, raw bytes so that an undecodable
 * record still reaches the dead-letter topic unchanged.
 */
@Component
class TaskTopicsListener {

    private final TaskIntake tasks;
    private final DeadLetterIntake deadLetters;

    TaskTopicsListener(TaskIntake tasks, DeadLetterIntake deadLetters) {
        this.tasks = tasks;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "results-candidates", idIsGroup = false, groupId = JobsListener.GROUP,
            topics = Topics.CANDIDATES, properties = ConsumerDefaults.RAW_COMMITTED_RECORDS)
    void onCandidateBatch(ConsumerRecord<String, byte[]> record) {
        tasks.acceptBatch(record.key(), record.value());
    }

    @KafkaListener(id = "results-verdicts", idIsGroup = false, groupId = JobsListener.GROUP,
            topics = Topics.VERDICTS, properties = ConsumerDefaults.RAW_COMMITTED_RECORDS)
    void onVerificationReport(ConsumerRecord<String, byte[]> record) {
        tasks.acceptReport(record.key(), record.value());
    }

    /** Dead letters are never dead-lettered again: their own container retries until the database takes them. */
    @KafkaListener(id = "results-dead-letters", idIsGroup = false, groupId = JobsListener.GROUP,
            containerFactory = IntakeConfiguration.DEAD_LETTER_CONTAINER_FACTORY,
            topics = {Topics.GENERATION + Topics.DLT_SUFFIX, Topics.CANDIDATES + Topics.DLT_SUFFIX,
                    Topics.VERDICTS + Topics.DLT_SUFFIX},
            properties = ConsumerDefaults.RAW_COMMITTED_RECORDS)
    void onDeadLetter(ConsumerRecord<String, byte[]> record) {
        deadLetters.accept(record.topic(), record.key(), record.headers());
    }
}
