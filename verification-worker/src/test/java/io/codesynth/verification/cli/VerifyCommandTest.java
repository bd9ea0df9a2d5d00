package io.codesynth.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.PipelineJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The offline {@code verify} command end to end: real files in, real sandboxes, result lines out. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyHumanEvalCanonicalSolutionPassesAndEmptyBodiesFail() throws IOException {
        Path problems = dir.resolve("HumanEval.jsonl.gz");
        try (InputStream in = VerifyCommandTest.class.getResourceAsStream(VerifyBenchmark.HUMANEVAL)) {
            Files.write(problems, Objects.requireNonNull(in).readAllBytes());
        }
        Map<String, ProblemFile.Entry> entries = ProblemFile.read(problems);
        assertThat(entries).hasSize(164);
        List<String> samples = new ArrayList<>();
        for (ProblemFile.Entry entry : entries.values()) {
            String taskId = entry.problem().taskId();
            samples.add(sample(taskId, entry.referenceSolution()));
            samples.add(sample(taskId, "    pass\n"));
            samples.add(sample(taskId, "    return None\n"));
        }
        Path samplesFile = dir.resolve("samples.jsonl");
        Files.write(samplesFile, samples);

        Run run = verify("--problems", problems.toString(), "--samples", samplesFile.toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<JsonNode> results = results(Path.of(samplesFile + "_results.jsonl"));
        assertThat(results).hasSize(3 * 164);
        List<String> canonicalNotPassed = results.stream()
                .filter(r -> r.get("completion_id").asInt() == 0 && !r.get("passed").asBoolean())
                .map(r -> r.get("task_id").asString() + ": " + r.get("verdict").asString() + " " + r.get("result").asString())
                .toList();
        assertThat(canonicalNotPassed).isEmpty();
        for (JsonNode result : results) {
            if (result.get("completion_id").asInt() == 0) {
                assertThat(result.get("verdict").asString()).isEqualTo("PASSED");
                assertThat(result.get("tests_passed").asInt()).isEqualTo(result.get("tests_total").asInt()).isPositive();
                assertThat(result.get("sandboxed").asBoolean()).isTrue();
            } else {
                // an empty body returns None: assertions fail, or the test's arithmetic on None raises
                assertThat(result.get("verdict").asString()).as(result.toString()).isIn("FAILED", "ERROR");
                assertThat(result.get("tests_passed").asInt()).isLessThan(result.get("tests_total").asInt());
                if (result.get("verdict").asString().equals("ERROR")) {
                    assertThat(result.get("error_type").asString()).isIn("TypeError", "AttributeError", "ValueError",
                            "IndexError", "KeyError");
                }
            }
        }
        Map<String, Long> verdicts = results.stream().filter(r -> r.get("completion_id").asInt() > 0)
                .collect(Collectors.groupingBy(r -> r.get("verdict").asString(), Collectors.counting()));
        assertThat(verdicts.get("FAILED")).isGreaterThan(verdicts.getOrDefault("ERROR", 0L));
        assertThat(run.out()).contains("pass@1: 0.3333").contains("verdicts: PASSED=164");
    }

    @Test
    void mbppProblemsPassAndFailAsExpected() throws IOException {
        Run run = verify("--problems", fixture("mbpp-problems.jsonl"), "--samples", fixture("mbpp-samples.jsonl"),
                "--out", dir.resolve("mbpp-results.jsonl").toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<JsonNode> results = results(dir.resolve("mbpp-results.jsonl"));
        assertThat(results).extracting(r -> r.get("verdict").asString()).containsExactly(
                "PASSED", "FAILED", "ERROR", "PASSED", "FAILED", "PASSED", "SYNTAX_ERROR");
        assertThat(results.get(1).get("tests_passed").asInt()).isEqualTo(1);
        assertThat(results.get(1).get("signature").get(0).get("value").asString()).isEqualTo("[5, 4]");
        assertThat(results.get(2).get("error_type").asString()).isEqualTo("IndexError");
        assertThat(results.get(3).get("held_out_passed").asInt()).isEqualTo(1);
        assertThat(results.get(3).get("held_out_total").asInt()).isEqualTo(1);
        assertThat(results.get(4).get("held_out_passed").asInt()).isZero();
        assertThat(results.get(3).get("completion_id").asInt()).isZero();
        assertThat(results.get(4).get("completion_id").asInt()).isEqualTo(1);
        assertThat(results.get(4).get("result").asString()).isEqualTo("failed: AssertionError");
        assertThat(run.out()).contains("verified 7 samples of 3 problems").contains("pass@1: 0.4444");
    }

    @Test
    void heldOutTestsOfHumanEvalProblemsAreReported() throws IOException {
        Path problems = dir.resolve("held-out.jsonl");
        Files.writeString(problems, PipelineJson.toJson(Map.of("task_id", "Add/0",
                "prompt", "def add(a, b):\n", "entry_point", "add",
                "test", "def check(candidate):\n    assert candidate(1, 2) == 3\n",
                "held_out_test", "def check(candidate):\n    assert candidate(-1, -2) == -3\n")) + "\n");
        Path samples = dir.resolve("held-out-samples.jsonl");
        Files.write(samples, List.of(sample("Add/0", "    return a + b\n"),
                sample("Add/0", "    return abs(a) + abs(b)\n")));

        Run run = verify("--problems", problems.toString(), "--samples", samples.toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<JsonNode> results = results(Path.of(samples + "_results.jsonl"));
        assertThat(results).extracting(r -> r.get("verdict").asString()).containsExactly("PASSED", "PASSED");
        assertThat(results).extracting(r -> r.get("held_out_total").asInt()).containsExactly(1, 1);
        assertThat(results).extracting(r -> r.get("held_out_passed").asInt()).containsExactly(1, 0);
    }

    @Test
    void javascriptProblemsPassAndFailAsExpected() throws IOException {
        Run run = verify("--problems", fixture("js-problems.jsonl"), "--samples", fixture("js-samples.jsonl"),
                "--out", dir.resolve("js-results.jsonl").toString(), "--parallel", "2");

        assertThat(run.status()).as(run.err()).isZero();
        List<JsonNode> results = results(dir.resolve("js-results.jsonl"));
        assertThat(results).extracting(r -> r.get("verdict").asString()).containsExactly(
                "PASSED", "FAILED", "SYNTAX_ERROR", "PASSED", "FAILED", "ERROR");
        assertThat(results.get(0).get("tests_total").asInt()).isEqualTo(4);
        assertThat(results.get(1).get("signature").get(0).get("value").asString()).isEqualTo("-1");
        assertThat(results.get(3).get("tests_total").asInt()).isEqualTo(3);
        assertThat(results.get(4).get("tests_passed").asInt()).isEqualTo(2);
        assertThat(results.get(5).get("error_type").asString()).isEqualTo("TypeError");
    }

    @Test
    void badCommandLinesAndFilesAreReportedClearly() throws IOException {
        Run missing = verify("--samples", "x.jsonl");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("--problems is required").contains("usage: verify");

        Path samples = dir.resolve("unknown.jsonl");
        Files.writeString(samples, "{\"task_id\": \"Nope/1\", \"completion\": \"x\"}\n");
        Run unknown = verify("--problems", fixture("mbpp-problems.jsonl"), "--samples", samples.toString());
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("task_id Nope/1 is not in the problems file");
    }

    private record Run(int status, String out, String err) {
    }

    private static Run verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] words = new String[args.length + 1];
        words[0] = "verify";
        System.arraycopy(args, 0, words, 1, args.length);
        int status = VerifyCommand.run(words, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String sample(String taskId, String completion) {
        return PipelineJson.toJson(Map.of("task_id", taskId, "completion", completion));
    }

    private static String fixture(String name) {
        return Path.of("src/test/resources/fixtures", name).toAbsolutePath().toString();
    }

    private static List<JsonNode> results(Path file) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            results.add(PipelineJson.mapper().readTree(line));
        }
        return results;
    }
}
