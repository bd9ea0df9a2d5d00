package io.codesynth.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.generation.decode.InvalidRequestException;
import io.codesynth.generation.testing.TestRequests;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** How a record becomes a generation request, and why one is refused. */
class RequestReadingTest {

    private final GenerationRequest request = TestRequests.request(UUID.randomUUID(), 3, "def f():\n", 2);

    private ConsumerRecord<String, byte[]> record(String key, byte[] value, String type) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.GENERATION, 0, 0, key, value);
        if (type != null) {
            record.headers().add(Topics.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Test
    void readsARequestWithOrWithoutTypeHeader() {
        byte[] json = PipelineJson.toBytes(request);

        assertThat(RequestHandler.read(record(request.taskKey(), json, "GenerationRequest"))).isEqualTo(request);
        assertThat(RequestHandler.read(record(request.taskKey(), json, null))).isEqualTo(request);
    }

    @Test
    void refusesOtherTypesForeignKeysAndBrokenJsonWithOneLineReasons() {
        byte[] json = PipelineJson.toBytes(request);

        assertThatThrownBy(() -> RequestHandler.read(record(request.taskKey(), json, "CandidateBatch")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unexpected message type 'CandidateBatch' in header codesynth-type, expected GenerationRequest");
        assertThatThrownBy(() -> RequestHandler.read(record("other/0", json, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("record key 'other/0' is not the request's task key '" + request.taskKey() + "'");
        assertThatThrownBy(() -> RequestHandler.read(record("k", "{not json".getBytes(StandardCharsets.UTF_8), null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("not a valid GenerationRequest: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RequestHandler.read(record("k", null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("empty record: no generation request");
    }
}
