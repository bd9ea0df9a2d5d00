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

    @Test
    void theCommandWritesTheFileAndRefusesBadArguments(@TempDir Path dir) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        Path file = dir.resolve("h.jsonl");
        int status = HeldOutProblemsCommand.run(new String[] {"--out", file.toString(), "--count", "3"},
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertThat(status).isZero();
        assertThat(out.toString()).contains("wrote 3 held-out problems (seed 42)");
        assertThat(java.nio.file.Files.readAllLines(file)).hasSize(3).first().asString()
                .contains(HumanEvalWriter.toJsonLine(new ProblemGenerator(42).generate(Split.HELD_OUT, 0)));

        for (String[] bad : new String[][] {{}, {"--out"}, {"--out", "x", "--count", "0"}, {"--out", "x", "--count", "many"},
                {"--out", "x", "--out", "y"}, {"--size", "3"}}) {
            err.reset();
            assertThat(HeldOutProblemsCommand.run(bad, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
                    .as(String.join(" ", bad)).isEqualTo(2);
            assertThat(err.toString()).startsWith("heldout-problems: ").contains("usage: heldout-problems");
        }
    }
}
