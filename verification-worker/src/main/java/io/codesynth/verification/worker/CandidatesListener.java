package io.codesynth.verification.worker;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.ConsumerDefaults;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the candidates topic into {@link BatchVerification}. The container commits a record's offset
 * only after this method returns, i.e. after the report was acknowledged; failures go to the error
 * handler of {@link KafkaConfiguration}.
 *
 * <p>Fixed here because correctness depends on them: only committed records, no automatic commits,
 * the earliest record for a new group, raw bytes (so a record that does not decode still reaches the
 * dead-letter topic unchanged), one record per poll and a poll interval long enough for a large batch
 * with long time limits.
 */
@Component
class CandidatesListener {

    static final String GROUP = "verification-worker";

    private final BatchVerification verification;

    CandidatesListener(BatchVerification verification) {
        this.verification = verification;
    }

    @KafkaListener(id = "verification-candidates", idIsGroup = false, groupId = GROUP, topics = Topics.CANDIDATES,
            properties = {ConsumerDefaults.RAW_COMMITTED_RECORDS, "max.poll.records=1", "max.poll.interval.ms=1800000"})
    void onCandidateBatch(ConsumerRecord<String, byte[]> record) {
        verification.process(record.key(), record.value());
    }
}
