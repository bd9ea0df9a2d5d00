package io.codesynth.demomodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.verification.cli.ProblemFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HumanEvalWriterTest {

    @Test
    void heldOutFilesAreHumanEvalProblemsOfHeldOutCompositionsOnly(@TempDir Path dir) throws IOException {
        Path file = HumanEvalWriter.writeHeldOut(dir.resolve("models/heldout.jsonl"), 42, 200);
        Map<String, ProblemFile.Entry> problems = ProblemFile.read(file);
        assertThat(problems).hasSize(200);
        assertThat(problems.keySet()).allSatisfy(id -> assertThat(id).startsWith("CodeSynthDemo/heldout/"));
        GeneratedProblem first = new ProblemGenerator(42).generate(Split.HELD_OUT, 0);
        ProblemFile.Entry entry = problems.get(first.taskId());
        assertThat(entry.problem().prompt()).isEqualTo(first.prompt());
        assertThat(entry.problem().entryPoint()).isEqualTo(first.entryPoint());
        assertThat(entry.problem().tests()).containsExactly(first.test());
        assertThat(entry.referenceSolution()).isEqualTo(first.canonicalSolution());
    }
}
