package io.codesynth.results.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.JobTask;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.results.TestJobs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class JobSubmittedReaderTest {

    private final JobSubmitted job = TestJobs.job("acme", 3);
    private final String key = job.jobId().toString();

    @Test
    void readsAJobWhoseKeyIsItsId() {
        assertThat(JobSubmittedReader.read(key, PipelineJson.toBytes(job))).isEqualTo(job);
        assertThat(JobSubmittedReader.read(null, PipelineJson.toBytes(job))).isEqualTo(job);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        ObjectNode tree = (ObjectNode) PipelineJson.mapper().valueToTree(job);
        tree.put("addedInAFutureVersion", true);
        assertThat(JobSubmittedReader.read(key, PipelineJson.toBytes(tree))).isEqualTo(job);
    }

    @Test
    void rejectsWhatIsNotJson() {
        assertThatThrownBy(() -> JobSubmittedReader.read("k", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidJobMessage.class, e -> {
                    assertThat(e.reason()).startsWith("not a valid JobSubmitted: ");
                    assertThat(e.jobId()).isEqualTo("k");
                });
        assertThatThrownBy(() -> JobSubmittedReader.read(null, new byte[0]))
                .isInstanceOf(InvalidJobMessage.class).hasMessage("record has no value");
    }

    @Test
    void namesTheMissingFieldAndKeepsTheJobIdForTheLog() {
        ObjectNode tree = (ObjectNode) PipelineJson.mapper().valueToTree(job);
        tree.remove("jobName");
        assertThatThrownBy(() -> JobSubmittedReader.read(null, PipelineJson.toBytes(tree)))
                .isInstanceOfSatisfying(InvalidJobMessage.class, e -> {
                    assertThat(e.reason()).contains("jobName is required");
                    assertThat(e.jobId()).isEqualTo(key);
                });
    }

    @Test
    void namesTheFieldInsideATask() {
        ObjectNode tree = (ObjectNode) PipelineJson.mapper().valueToTree(job);
        ((ObjectNode) tree.get("tasks").get(1).get("problem")).put("prompt", " ");
        assertThatThrownBy(() -> JobSubmittedReader.read(key, PipelineJson.toBytes(tree)))
                .isInstanceOf(InvalidJobMessage.class)
                .hasMessageContaining("tasks[1].problem")
                .hasMessageContaining("prompt is required");
    }

    @Test
    void rejectsAKeyThatIsNotTheJobId() {
        assertThatThrownBy(() -> JobSubmittedReader.read("other", PipelineJson.toBytes(job)))
                .isInstanceOf(InvalidJobMessage.class)
                .hasMessage("record key 'other' is not the job id " + key);
    }

    @Test
    void rejectsTaskKeysThatAreNotDerivedFromTheJob() {
        JobTask first = job.tasks().getFirst();
        JobSubmitted wrong = withTasks(List.of(new JobTask("elsewhere/0", 0, first.problem())));
        assertThatThrownBy(() -> JobSubmittedReader.read(key, PipelineJson.toBytes(wrong)))
                .isInstanceOf(InvalidJobMessage.class)
                .hasMessage("tasks[0].taskKey 'elsewhere/0' should be '" + key + "/0'");
    }

    @Test
    void rejectsTaskIdsUsedTwice() {
        JobTask first = job.tasks().getFirst();
        JobSubmitted twice = withTasks(List.of(first,
                new JobTask(key + "/1", 1, job.tasks().getFirst().problem())));
        assertThatThrownBy(() -> JobSubmittedReader.read(key, PipelineJson.toBytes(twice)))
                .isInstanceOf(InvalidJobMessage.class)
                .hasMessage("tasks[1].problem.taskId 'HumanEval/0' appears more than once");
    }

    private JobSubmitted withTasks(List<JobTask> tasks) {
        return new JobSubmitted(job.schemaVersion(), job.jobId(), job.tenantId(), job.jobName(), job.submittedAt(),
                job.samplesPerTask(), job.decoding(), job.limits(), tasks);
    }
}
