package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each message record serialises to its checked-in example and back, and the example validates
 * against the message's schema: the three descriptions of the wire format (records, golden JSON,
 * schemas) agree.
 */
class GoldenJsonTest {

    static List<Class<? extends PipelineMessage>> messageTypes() {
        return MessageTypes.all();
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void recordSerialisesToTheGoldenJson(Class<? extends PipelineMessage> type) {
        PipelineMessage message = GoldenMessages.of(type);

        String written = PipelineJson.toJson(message);

        assertThat(SchemaSupport.tree(written)).isEqualTo(SchemaSupport.tree(SchemaSupport.golden(type)));
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void goldenJsonDeserialisesToTheRecord(Class<? extends PipelineMessage> type) {
        PipelineMessage read = PipelineJson.fromJson(SchemaSupport.golden(type), type);

        assertThat(read).isEqualTo(GoldenMessages.of(type));
        assertThat(PipelineJson.fromBytes(PipelineJson.toBytes(read), type)).isEqualTo(read);
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void goldenJsonValidatesAgainstItsSchema(Class<? extends PipelineMessage> type) {
        assertThat(SchemaSupport.errors(type, SchemaSupport.golden(type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void goldenJsonIsKeyedAndTypedAsTheReadmeSays(Class<? extends PipelineMessage> type) {
        PipelineMessage message = GoldenMessages.of(type);

        String expectedKey = switch (MessageTypes.topicOf(type)) {
            case Topics.JOBS, Topics.RESULTS -> message.jobId().toString();
            default -> GoldenMessages.TASK_KEY;
        };
        assertThat(message.messageKey()).isEqualTo(expectedKey);
        assertThat(MessageTypes.classOf(MessageTypes.typeName(message))).isEqualTo(type);
    }
}
