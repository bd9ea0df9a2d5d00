package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final UUID JOB = UUID.fromString("3f1c2a9e-8b7d-4e62-9a41-5c0d7e8f9b12");

    @Test
    void idsAreBuiltFromTheJobIdAndIndices() {
        String taskKey = Ids.taskKey(JOB, 7);

        assertThat(taskKey).isEqualTo("3f1c2a9e-8b7d-4e62-9a41-5c0d7e8f9b12/7");
        assertThat(Ids.candidateId(taskKey, 3)).isEqualTo("3f1c2a9e-8b7d-4e62-9a41-5c0d7e8f9b12/7/3");
        assertThat(Ids.candidateBatchId(taskKey)).isEqualTo("3f1c2a9e-8b7d-4e62-9a41-5c0d7e8f9b12/7/candidates");
        assertThat(Ids.verificationReportId(taskKey)).isEqualTo("3f1c2a9e-8b7d-4e62-9a41-5c0d7e8f9b12/7/verdicts");
    }

    @Test
    void theJobIdIsFoundInATaskKeyACandidateIdOrAlone() {
        String taskKey = Ids.taskKey(JOB, 12);

        assertThat(Ids.jobIdOf(taskKey)).isEqualTo(JOB);
        assertThat(Ids.jobIdOf(Ids.candidateId(taskKey, 4))).isEqualTo(JOB);
        assertThat(Ids.jobIdOf(JOB.toString())).isEqualTo(JOB);
        assertThatThrownBy(() -> Ids.jobIdOf("HumanEval/0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void taskSeedsAreDeterministicAndPinned() {
        // pinned: a change here changes every reproduced candidate of existing jobs
        assertThat(Ids.taskSeed(0, 0)).isEqualTo(-2152535657050944081L);
        assertThat(Ids.taskSeed(42, 7)).isEqualTo(-3677692746721775708L);
        assertThat(Ids.seedOf(JOB)).isEqualTo(-6530933506758748816L);
        assertThat(Ids.taskSeed(Ids.seedOf(JOB), 3)).isEqualTo(Ids.taskSeed(Ids.seedOf(JOB), 3));
    }

    @Test
    void neighbouringTasksAndBaseSeedsGetDifferentSeeds() {
        Set<Long> seeds = new HashSet<>();
        IntStream.range(0, 10_000).forEach(index -> seeds.add(Ids.taskSeed(1234, index)));
        IntStream.range(100_000, 110_000).forEach(base -> seeds.add(Ids.taskSeed(base, 0)));

        // the finaliser is a bijection, so distinct inputs (base + gamma * (index + 1)) never share a seed
        assertThat(seeds).hasSize(20_000);
        assertThat(Ids.taskSeed(1, 0)).isNotEqualTo(Ids.taskSeed(2, 0));
    }
}
