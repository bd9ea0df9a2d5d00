package io.codesynth.demomodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.verification.cli.VerifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs canonical solutions of generated problems through the project's real sandbox (bubblewrap) with the offline
 * {@code verify} command: the Java evaluation of the operations must agree with Python on every test and held-out
 * test, and a wrong completion must fail (the tests are not vacuous).
 */
class CanonicalSolutionSandboxTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WRONG = "    return None\n";

    @TempDir
    Path dir;

    @Test
    void canonicalSolutionsPassTheirTestsAndHeldOutTestsInTheSandbox() throws IOException {
        ProblemGenerator generator = new ProblemGenerator(2024);
        // -Ddemo-model.sandbox-sample=N checks more (the sandbox runs a few hundred programs a second)
        int sample = Integer.getInteger("demo-model.sandbox-sample", 200);
        List<GeneratedProblem> problems = new ArrayList<>(generator.generate(Split.TRAIN, 0, sample * 4 / 5));
        problems.addAll(generator.generate(Split.HELD_OUT, 0, sample / 5));
        problems.addAll(coveringEveryOperation(generator, problems));

        Path problemsFile = HumanEvalWriter.write(dir.resolve("problems.jsonl"), problems);
        List<GeneratedProblem> withHeldOutTests = problems.stream()
                .map(p -> new GeneratedProblem(p.taskId(), p.prompt(), p.entryPoint(), p.canonicalSolution(),
                        p.heldOutTest(), p.test(), p.composition()))
                .toList();
        Path heldOutFile = HumanEvalWriter.write(dir.resolve("held-out-tests.jsonl"), withHeldOutTests);

        Path samples = dir.resolve("samples.jsonl");
        List<String> lines = new ArrayList<>();
        for (GeneratedProblem problem : problems) {
            lines.add(sample(problem.taskId(), problem.canonicalSolution()));
            lines.add(sample(problem.taskId(), WRONG));
        }
        Files.write(samples, lines);

        Map<String, List<Boolean>> onTests = verify(problemsFile, samples, dir.resolve("tests-results.jsonl"));
        Map<String, List<Boolean>> onHeldOut = verify(heldOutFile, samples, dir.resolve("held-out-results.jsonl"));
        for (GeneratedProblem problem : problems) {
            assertThat(onTests.get(problem.taskId())).as("%s on its tests: canonical, wrong%n%s%s%s",
                    problem.taskId(), problem.prompt(), problem.canonicalSolution(), problem.test()).containsExactly(true, false);
            assertThat(onHeldOut.get(problem.taskId())).as("%s on its held-out tests: canonical, wrong%n%s%s%s",
                    problem.taskId(), problem.prompt(), problem.canonicalSolution(), problem.heldOutTest()).containsExactly(true, false);
        }
    }

    /** Further training problems until every operation occurs at least once in the sample. */
    private static List<GeneratedProblem> coveringEveryOperation(ProblemGenerator generator, List<GeneratedProblem> sample) {
        java.util.Set<String> missing = new java.util.HashSet<>();
        Operations.all().forEach(op -> missing.add(op.id()));
        sample.forEach(p -> p.composition().steps().forEach(step -> missing.remove(step.operation().id())));
        List<GeneratedProblem> extra = new ArrayList<>();
        for (long i = 1_000; !missing.isEmpty() && i < 20_000; i++) {
            GeneratedProblem problem = generator.generate(Split.TRAIN, i);
            if (problem.composition().steps().stream().anyMatch(step -> missing.contains(step.operation().id()))) {
                problem.composition().steps().forEach(step -> missing.remove(step.operation().id()));
                extra.add(problem);
            }
        }
        assertThat(missing).as("operations never drawn").isEmpty();
        return extra;
    }

    /** Runs {@code verify} sandboxed; returns {@code passed} per sample, by task, in sample order. */
    private static Map<String, List<Boolean>> verify(Path problems, Path samples, Path results) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VerifyCommand.run(new String[] {"verify", "--problems", problems.toString(), "--samples",
                samples.toString(), "--out", results.toString(), "--parallel", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(status).as("verify exit status; stderr:%n%s", err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(report).contains(", sandboxed");
        Map<String, List<Boolean>> passed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results)) {
            JsonNode result = JSON.readTree(line);
            assertThat(result.path("sandboxed").asBoolean()).isTrue();
            passed.computeIfAbsent(result.path("task_id").asString(), k -> new ArrayList<>()).add(result.path("passed").asBoolean());
        }
        return passed;
    }

    private static String sample(String taskId, String completion) {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("task_id", taskId);
        line.put("completion", completion);
        return JSON.writeValueAsString(line);
    }
}
