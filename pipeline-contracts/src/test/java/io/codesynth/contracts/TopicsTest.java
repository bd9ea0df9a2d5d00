package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicHasADeadLetterTwin() {
        assertThat(Topics.dlt(Topics.JOBS)).isEqualTo("codesynth.jobs.v1-dlt");
        assertThat(Topics.dlt(Topics.RESULTS)).isEqualTo("codesynth.results.v1-dlt");
        assertThat(Topics.allWithDeadLetters()).containsExactly(
                "codesynth.jobs.v1", "codesynth.jobs.v1-dlt",
                "codesynth.generation.v1", "codesynth.generation.v1-dlt",
                "codesynth.candidates.v1", "codesynth.candidates.v1-dlt",
                "codesynth.verdicts.v1", "codesynth.verdicts.v1-dlt",
                "codesynth.results.v1", "codesynth.results.v1-dlt");
    }

    @Test
    void theMainTopicsAreInPipelineOrder() {
        assertThat(Topics.all()).containsExactly(Topics.JOBS, Topics.GENERATION, Topics.CANDIDATES, Topics.VERDICTS,
                Topics.RESULTS);
        assertThat(Topics.all()).allMatch(topic -> topic.matches("codesynth\\.[a-z]+\\.v1"));
        assertThat(Topics.TYPE_HEADER).isEqualTo("codesynth-type");
    }
}
