package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code CandidateBatch.generatedBy} and {@code VerificationReport.verifiedBy}: written and read back, optional for
 * messages of older workers, and checked the same way by the records and the schemas.
 */
class WorkerIdsInMessagesTest {

    @ParameterizedTest
    @CsvSource({"CandidateBatch, generatedBy, gpu-node-3/48121", "VerificationReport, verifiedBy, verify-node-1/7306"})
    void theWorkerIdIsWrittenAndReadBack(String type, String field, String worker) {
        Class<? extends PipelineMessage> messageType = MessageTypes.classOf(type);
        PipelineMessage golden = GoldenMessages.of(messageType);

        JsonNode written = SchemaSupport.tree(PipelineJson.toJson(golden));

        assertThat(written.path(field).stringValue()).isEqualTo(worker);
        assertThat(workerOf(PipelineJson.fromJson(PipelineJson.toJson(written), messageType))).isEqualTo(worker);
    }

    @ParameterizedTest
    @CsvSource({"CandidateBatch, generatedBy", "VerificationReport, verifiedBy"})
    void aMessageOfAnOlderWorkerWithoutTheFieldStillReadsAndMeansUnknown(String type, String field) {
        Class<? extends PipelineMessage> messageType = MessageTypes.classOf(type);
        ObjectNode older = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(messageType));
        older.remove(field);

        PipelineMessage read = PipelineJson.fromJson(PipelineJson.toJson(older), messageType);

        assertThat(workerOf(read)).isNull();
        assertThat(SchemaSupport.errors(messageType, older)).isEmpty();
        // everything else is as before, and it writes the field as null, which the schema accepts too
        assertThat(read).isEqualTo(withoutWorker(GoldenMessages.of(messageType)));
        JsonNode rewritten = SchemaSupport.tree(PipelineJson.toJson(read));
        assertThat(rewritten.get(field).isNull()).isTrue();
        assertThat(SchemaSupport.errors(messageType, rewritten)).isEmpty();
        assertThat(PipelineJson.fromJson(PipelineJson.toJson(rewritten), messageType)).isEqualTo(read);
    }

    @ParameterizedTest
    @CsvSource({"CandidateBatch, generatedBy", "VerificationReport, verifiedBy"})
    void aBlankWorkerIdReadsAsUnknown(String type, String field) {
        Class<? extends PipelineMessage> messageType = MessageTypes.classOf(type);
        ObjectNode json = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(messageType));
        json.put(field, "  ");

        assertThat(workerOf(PipelineJson.fromJson(PipelineJson.toJson(json), messageType))).isNull();
    }

    @ParameterizedTest
    @CsvSource({"CandidateBatch, generatedBy", "VerificationReport, verifiedBy"})
    void aWorkerIdTheSchemaRefusesIsRefusedByTheReaderNamingTheField(String type, String field) {
        Class<? extends PipelineMessage> messageType = MessageTypes.classOf(type);
        for (String bad : List.of("w".repeat(WorkerId.MAX_LENGTH + 1), "gen\u0000-1", "gen\n1", "gen\u2028")) {
            ObjectNode json = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(messageType));
            json.put(field, bad);

            assertThat(SchemaSupport.errors(messageType, json)).as("schema errors for %s", bad).isNotEmpty();
            assertThatThrownBy(() -> PipelineJson.fromJson(PipelineJson.toJson(json), messageType))
                    .isInstanceOf(JacksonException.class)
                    .hasMessageContaining(field + " must");
        }
        ObjectNode longest = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(messageType));
        longest.put(field, "w".repeat(WorkerId.MAX_LENGTH));
        assertThat(SchemaSupport.errors(messageType, longest)).isEmpty();
        assertThat(workerOf(PipelineJson.fromJson(PipelineJson.toJson(longest), messageType))).hasSize(WorkerId.MAX_LENGTH);
    }

    private static String workerOf(PipelineMessage message) {
        return switch (message) {
            case CandidateBatch batch -> batch.generatedBy();
            case VerificationReport report -> report.verifiedBy();
            default -> throw new IllegalArgumentException("no worker id in " + message);
        };
    }

    private static PipelineMessage withoutWorker(PipelineMessage message) {
        return switch (message) {
            case CandidateBatch b -> new CandidateBatch(b.schemaVersion(), b.batchId(), b.jobId(), b.tenantId(),
                    b.taskKey(), b.problem(), b.model(), b.candidates(), b.limits(), b.generatedAt(), null);
            case VerificationReport r -> new VerificationReport(r.schemaVersion(), r.reportId(), r.jobId(),
                    r.tenantId(), r.taskKey(), r.verdicts(), r.verifiedAt(), null);
            default -> throw new IllegalArgumentException("no worker id in " + message);
        };
    }
}
