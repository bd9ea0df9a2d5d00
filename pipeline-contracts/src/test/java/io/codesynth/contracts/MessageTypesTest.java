package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageTypesTest {

    @Test
    void theHeaderValueIsTheRecordsSimpleName() {
        assertThat(MessageTypes.typeName(GoldenMessages.taskCompleted())).isEqualTo("TaskCompleted");
        assertThat(MessageTypes.typeName(JobSubmitted.class)).isEqualTo("JobSubmitted");
        for (Class<? extends PipelineMessage> type : MessageTypes.all()) {
            assertThat(MessageTypes.typeName(GoldenMessages.of(type))).isEqualTo(type.getSimpleName());
            assertThat(MessageTypes.classOf(type.getSimpleName())).isEqualTo(type);
        }
    }

    @Test
    void allSixMessagesAreKnownWithTheirTopics() {
        assertThat(MessageTypes.all()).containsExactly(JobSubmitted.class, GenerationRequest.class,
                CandidateBatch.class, VerificationReport.class, TaskCompleted.class, JobCompleted.class);
        assertThat(MessageTypes.topicOf(JobSubmitted.class)).isEqualTo(Topics.JOBS);
        assertThat(MessageTypes.topicOf(GenerationRequest.class)).isEqualTo(Topics.GENERATION);
        assertThat(MessageTypes.topicOf(CandidateBatch.class)).isEqualTo(Topics.CANDIDATES);
        assertThat(MessageTypes.topicOf(VerificationReport.class)).isEqualTo(Topics.VERDICTS);
        assertThat(MessageTypes.topicOf(TaskCompleted.class)).isEqualTo(Topics.RESULTS);
        assertThat(MessageTypes.topicOf(JobCompleted.class)).isEqualTo(Topics.RESULTS);
    }

    @Test
    void anUnknownHeaderValueNamesTheHeaderAndTheKnownTypes() {
        assertThatThrownBy(() -> MessageTypes.classOf("TaskFinished"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown message type 'TaskFinished' in header codesynth-type, expected one of "
                        + "[JobSubmitted, GenerationRequest, CandidateBatch, VerificationReport, TaskCompleted, "
                        + "JobCompleted]");
        assertThatThrownBy(() -> MessageTypes.classOf(null)).hasMessageContaining("unknown message type 'null'");
        assertThatThrownBy(() -> MessageTypes.classOf("io.codesynth.contracts.TaskCompleted"))
                .as("the simple name, not the class name")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MessageTypes.classOf(" JobCompleted ")).isEqualTo(JobCompleted.class);
    }

    @Test
    void onlyPipelineMessagesHaveATypeName() {
        assertThatThrownBy(() -> MessageTypes.typeName(DecodingSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a pipeline message type: io.codesynth.contracts.DecodingSettings");
        assertThatThrownBy(() -> MessageTypes.typeName((Object) null)).hasMessage("message is required");
        assertThatThrownBy(() -> MessageTypes.topicOf(String.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
