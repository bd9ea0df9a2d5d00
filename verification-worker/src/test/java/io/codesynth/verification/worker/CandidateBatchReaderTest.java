package io.codesynth.verification.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.PipelineJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CandidateBatchReaderTest {

    private final UUID jobId = UUID.randomUUID();

    @Test
    void readsAValidBatch() {
        CandidateBatch batch = TestBatches.batch(jobId, 2, "    return a + b\n");

        assertThat(CandidateBatchReader.read(batch.taskKey(), PipelineJson.toBytes(batch))).isEqualTo(batch);
    }

    @Test
    void readsABatchOfAGenerationWorkerThatPredatesWorkerIds() {
        CandidateBatch batch = TestBatches.batch(jobId, 2, "    return a + b\n");
        ObjectNode older = (ObjectNode) PipelineJson.mapper().valueToTree(batch);
        older.remove("generatedBy");

        CandidateBatch read = CandidateBatchReader.read(batch.taskKey(), PipelineJson.toBytes(older));

        assertThat(read.generatedBy()).isNull();
        assertThat(read.candidates()).isEqualTo(batch.candidates());
    }

    @Test
    void rejectsWhatCanNeverBeVerified() {
        CandidateBatch batch = TestBatches.batch(jobId, 2, "    return a + b\n");

        assertThatThrownBy(() -> CandidateBatchReader.read("k", null)).hasMessage("record has no value");
        assertThatThrownBy(() -> CandidateBatchReader.read("k", "{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidBatchMessage.class).hasMessageStartingWith("not a valid CandidateBatch");
        assertThatThrownBy(() -> CandidateBatchReader.read(jobId + "/9", PipelineJson.toBytes(batch)))
                .isInstanceOf(InvalidBatchMessage.class).hasMessageContaining("is not the task key");

        Candidate wrongId = new Candidate(batch.taskKey() + "/7", 0, "x", List.of(), 0, 0.5, 0, List.of(), 0);
        CandidateBatch misnamed = new CandidateBatch(1, batch.batchId(), jobId, "acme", batch.taskKey(), batch.problem(),
                batch.model(), List.of(wrongId), null, batch.generatedAt(), batch.generatedBy());
        assertThatThrownBy(() -> CandidateBatchReader.read(batch.taskKey(), PipelineJson.toBytes(misnamed)))
                .isInstanceOf(InvalidBatchMessage.class).hasMessageContaining("candidates[0].candidateId");

        CandidateBatch otherJob = new CandidateBatch(1, batch.batchId(), UUID.randomUUID(), "acme", batch.taskKey(),
                batch.problem(), batch.model(), List.of(), null, batch.generatedAt(), batch.generatedBy());
        assertThatThrownBy(() -> CandidateBatchReader.read(batch.taskKey(), PipelineJson.toBytes(otherJob)))
                .isInstanceOf(InvalidBatchMessage.class).hasMessageContaining("does not belong to job");
    }
}
