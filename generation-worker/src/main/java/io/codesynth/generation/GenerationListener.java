package io.codesynth.generation;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.ConsumerDefaults;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the generation topic into {@link RequestHandler}, a whole poll at a time, so the poll's requests can share
 * micro-batches. The container commits the poll's offsets only after the handler returned, i.e. after every
 * candidate batch and dead letter was acknowledged; failures go to the error handler of {@link KafkaConfiguration}.
 * {@link ModelStartup} starts the container once the model is loaded.
 *
 * <p>The consumer settings that correctness depends on are fixed here rather than left to configuration: only
 * committed records (the gateway publishes transactionally), no automatic commits, the earliest record when the
 * group is new, and raw bytes so that a record that does not decode still reaches the dead-letter topic unchanged.
 */
@Component
class GenerationListener {

    static final String ID = "generation-worker";
    static final String GROUP = "generation-worker";

    private final RequestHandler handler;

    GenerationListener(RequestHandler handler) {
        this.handler = handler;
    }

    @KafkaListener(id = ID, idIsGroup = false, groupId = GROUP, topics = Topics.GENERATION, batch = "true",
            autoStartup = "false", concurrency = "${codesynth.generation.concurrency:1}",
            properties = ConsumerDefaults.RAW_COMMITTED_RECORDS)
    void onRequests(List<ConsumerRecord<String, byte[]>> records) {
        handler.handle(records);
    }
}
