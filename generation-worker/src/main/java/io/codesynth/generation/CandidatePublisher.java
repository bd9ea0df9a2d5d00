package io.codesynth.generation;

import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.MessageTypes;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Publishes a request's candidate batch to the candidates topic, keyed by task key, with its type header. */
final class CandidatePublisher {

    private static final byte[] TYPE = MessageTypes.typeName(CandidateBatch.class).getBytes(StandardCharsets.UTF_8);

    private final KafkaTemplate<String, byte[]> template;

    CandidatePublisher(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    /** Sends without waiting; the future completes when the broker acknowledged the record (acks=all). */
    CompletableFuture<SendResult<String, byte[]>> publish(CandidateBatch batch) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.CANDIDATES, batch.taskKey(), PipelineJson.toBytes(batch));
        record.headers().add(Topics.TYPE_HEADER, TYPE);
        return template.send(record);
    }
}
