package io.codesynth.generation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline commands run end to end on a tiny random checkpoint, output captured. */
class CommandsTest {

    @TempDir
    static Path dir;

    private static Path model;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeModel() {
        model = RandomDreamCheckpoint.write(dir.resolve("tiny"), RandomDreamCheckpoint.Dimensions.tiny(), 5);
    }

    private int generate(String... args) {
        return GenerateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void generatePrintsEveryCandidateWithItsFigures() {
        int status = generate("generate", "--model", model.toString(), "--prompt", "def add(a, b):", "--samples", "2",
                "--max-new-tokens", "8", "--seed", "3", "--device", "cpu");

        assertThat(status).as(err()).isZero();
        assertThat(out()).contains("model tiny: 39,200 parameters on cpu as float32, prompt format instruct (RANDOM weights")
                .contains("decoding: entropy, 8 steps, 8 new tokens, temperature 0.4, top-p 0.95, seed 3")
                .contains("--- sample 0: ").contains("--- sample 1: ")
                .containsPattern("forward passes, mean confidence \\d\\.\\d{3}, log-prob -?\\d+\\.\\d{2}, \\d+ tokens")
                .contains("2 candidates in ");
    }

    @Test
    void generateReadsJsonLinesWithHumanEvalFields() throws IOException {
        Path prompts = Files.writeString(dir.resolve("prompts.jsonl"), """
                {"task_id": "HumanEval/0", "prompt": "def inc(x):\\n", "entry_point": "inc"}

                {"prompt": "Write hello world."}
                """);

        int status = generate("--model", model.toString(), "--prompts", prompts.toString(), "--max-new-tokens", "4",
                "--format", "completion", "--threshold", "0.5");

        assertThat(status).as(err()).isZero();
        assertThat(out()).contains("prompt format completion").contains("=== HumanEval/0 (")
                .contains("=== line 3 (").contains("threshold 0.5");
    }

    @Test
    void aWrongCommandLinePrintsTheReasonAndTheUsage() {
        assertThat(generate("--model", model.toString())).isEqualTo(2);
        assertThat(err()).startsWith("generate: give exactly one of --prompt and --prompts")
                .contains("usage: generate --model DIR");
    }

    @Test
    void helpPrintsTheUsageOfEachCommandAndSucceeds() {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(GenerateCommand.run(new String[] {"generate", "--help"}, stdout, stderr)).isZero();
        assertThat(DecodeBenchmark.run(new String[] {"bench", "decode", "--model", "anywhere", "-h"}, stdout, stderr))
                .isZero();
        assertThat(RandomModelCommand.run(new String[] {"--help"}, stdout, stderr)).isZero();

        assertThat(out()).contains(GenerateArguments.USAGE, BenchArguments.USAGE, RandomModelCommand.USAGE);
        assertThat(err()).isEmpty();
    }

    @Test
    void aMissingModelIsAClearError() {
        assertThat(generate("--model", dir.resolve("nothing").toString(), "--prompt", "x")).isEqualTo(1);
        assertThat(err()).startsWith("generate: Model directory ").contains("nothing does not exist");
    }

    @Test
    void aBadPromptsFileNamesTheLine() throws IOException {
        Path prompts = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"ok\"}\n{\"text\": \"no prompt\"}\n");

        assertThat(generate("--model", model.toString(), "--prompts", prompts.toString())).isEqualTo(2);
        assertThat(err()).contains("bad.jsonl line 2 has no \"prompt\" string");
    }

    @Test
    void benchPrintsOneRowPerModeAndBatchSize() {
        int status = DecodeBenchmark.run(new String[] {"bench", "decode", "--model", model.toString(),
                "--max-new-tokens", "4", "--device", "cpu"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err()).isZero();
        assertThat(err()).contains("warming up").contains("entropy, threshold 0.9, batch 16 ...");
        String table = out();
        assertThat(table).contains("bench decode: tiny, 39,200 parameters, cpu, float32")
                .contains("| decoding ").contains("tokens/s").contains("forwards/token").contains("ms/forward");
        assertThat(table.lines().filter(line -> line.startsWith("| entropy, 4 steps "))).hasSize(3);
        assertThat(table.lines().filter(line -> line.startsWith("| entropy, threshold 0.9 "))).hasSize(3);
        assertThat(table.lines().filter(line -> line.matches("\\| entropy.*\\|\\s+16 \\|.*"))).hasSize(2);
    }

    @Test
    void randomModelWritesALoadableCheckpoint() {
        Path target = dir.resolve("written");
        int status = RandomModelCommand.run(new String[] {"random-model", "--out", target.toString(), "--hidden", "16",
                "--layers", "1", "--heads", "2", "--kv-heads", "1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err()).isZero();
        assertThat(out()).startsWith("wrote a random Dream checkpoint");
        assertThat(generate("--model", target.toString(), "--prompt", "x", "--max-new-tokens", "2")).as(err()).isZero();
        assertThat(RandomModelCommand.run(new String[] {"--out", "x", "--hidden", "30"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err()).contains("hidden size must split into heads");
    }
}
