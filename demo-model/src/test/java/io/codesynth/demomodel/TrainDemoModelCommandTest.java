package io.codesynth.demomodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.codesynth.diffusion.decoding.DecodeRequest;
import io.codesynth.diffusion.decoding.DecodeResult;
import io.codesynth.diffusion.decoding.DecoderSettings;
import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.diffusion.decoding.DiffusionDecoder;
import io.codesynth.diffusion.model.DreamModel;
import io.codesynth.diffusion.model.ModelOptions;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDemoModelCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainDemoModelCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aFewSecondsOfTrainingWriteACheckpointDiffusionLmLoadsAndDecodes() throws Exception {
        Path model = dir.resolve("models/demo");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{}"); // an earlier checkpoint, replaced at the end

        long started = System.nanoTime();
        int status = run("--minutes", "0.05", "--out", model.toString(), "--hidden", "32", "--layers", "1", "--heads", "2",
                "--kv-heads", "1", "--batch", "4", "--problems", "64", "--heldout-problems", "8",
                "--tokenizer-problems", "200", "--merges", "100", "--eval-every", "5");
        double seconds = (System.nanoTime() - started) / 1e9;

        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).containsPattern("timing probe: \\d+ ms per step of 4 sequences -> a schedule of \\d+ steps")
                .containsPattern("step \\d+/\\d+  loss \\d+\\.\\d{4}  lr \\S+  \\d+ tokens/s  elapsed 0:0\\d  remaining 0:0\\d")
                .containsPattern("step \\d+  held-out loss \\d+\\.\\d{4}")
                .contains("wrote the demo model to " + model.toAbsolutePath());
        assertThat(seconds).as("3 s of training plus preparation").isLessThan(20);
        assertThat(model.resolve("model.safetensors")).isRegularFile();
        assertThat(Files.readString(model.resolve("README.md")))
                .contains("--minutes 0.05 --seed 42 --hidden 32 --layers 1")
                .containsPattern("\\| steps \\| \\d+ of a \\d+-step schedule")
                .containsPattern("\\| final training loss \\| \\d+\\.\\d{4}");
        try (Stream<Path> siblings = Files.list(model.getParent())) {
            assertThat(siblings).as("no working directories left behind").containsExactly(model);
        }

        try (DreamModel loaded = DreamModel.load(model, ModelOptions.defaults().withDevice(Device.cpu()));
                ModelTokenizer tokenizer = ModelTokenizer.load(model);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertThat(tokenizer.tokenId(DemoTokenizer.MASK)).hasValue(loaded.config().maskTokenId());
            DiffusionDecoder decoder = new DiffusionDecoder(loaded,
                    DecoderSettings.forModel(loaded.config(), tokenizer.idCount(), Set.of()),
                    ids -> tokenizer.decode(Arrays.stream(ids).asLongStream().toArray()));
            GeneratedProblem problem = new ProblemGenerator(42).generate(Split.HELD_OUT, 0);
            int[] prompt = Arrays.stream(tokenizer.encode(problem.prompt())).mapToInt(Math::toIntExact).toArray();
            DecodingOptions greedy = DecodingOptions.defaults().toBuilder().maxNewTokens(8).steps(8).temperature(0).topP(1)
                    .build();
            DecodeResult result = decoder.decode(manager, List.of(new DecodeRequest(prompt, greedy, 1)));
            assertThat(result.candidates()).hasSize(1);
            assertThat(result.candidates().get(0)).hasSize(1);
        }
    }

    @Test
    void withoutStepsTheScheduleIsResizedOnceTheRunHasTimedItsOwnSteps() throws Exception {
        Path model = dir.resolve("resized");
        int status = run("--minutes", "0.1", "--out", model.toString(), "--hidden", "32", "--layers", "1", "--heads", "2",
                "--kv-heads", "1", "--batch", "4", "--problems", "64", "--heldout-problems", "8",
                "--tokenizer-problems", "200", "--merges", "100", "--eval-every", "100000");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Matcher resized = Pattern.compile("re-sized the schedule: \\d+ ms per step over steps 11-50 -> (\\d+) steps")
                .matcher(printed);
        assertThat(resized.find()).as(printed).isTrue();
        String schedule = resized.group(1);
        assertThat(printed).contains("/" + schedule + "  loss");
        assertThat(Files.readString(model.resolve("README.md"))).containsPattern("\\| steps \\| \\d+ of a " + schedule + "-step schedule");
    }

    @Test
    void helpPrintsTheUsageAndBadArgumentsExitWithTwo() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: train-demo-model").contains("--minutes M");

        assertThat(run("--minutes", "soon")).isEqualTo(2);
        assertThat(run("--layers", "0")).isEqualTo(2);
        assertThat(run("--bogus", "1")).isEqualTo(2);
        assertThat(run("--out")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("train-demo-model: --minutes must be a number, not 'soon'")
                .contains("train-demo-model: --layers must be a positive integer, not '0'")
                .contains("train-demo-model: unknown option '--bogus'")
                .contains("train-demo-model: --out needs a value");
    }

    @Test
    void argumentsHaveTheDocumentedDefaults() {
        TrainDemoModelArguments defaults = TrainDemoModelArguments.parse(new String[0]);
        assertThat(defaults.budget()).isEqualTo(Duration.ofMinutes(83));
        assertThat(defaults.out()).isEqualTo(Path.of("models/demo"));
        assertThat(defaults.seed()).isEqualTo(42);
        assertThat(defaults.dimensions().hiddenSize()).isEqualTo(128);
        assertThat(defaults.dimensions().intermediateSize()).isEqualTo(384);
        assertThat(defaults.dimensions().heads()).isEqualTo(4);
        assertThat(defaults.dimensions().kvHeads()).isEqualTo(4);
        assertThat(defaults.batchSize()).isEqualTo(32);
        assertThat(defaults.learningRate()).isEqualTo(3e-3);
        assertThat(defaults.problems()).isEqualTo(250_000);
        assertThat(defaults.completionTokens()).isEqualTo(48);
        assertThat(defaults.steps()).isEmpty();
        assertThat(defaults.evalEvery()).isEmpty();

        TrainDemoModelArguments given = TrainDemoModelArguments.parse(new String[] {"--minutes", "0.1", "--out", "x",
                "--seed", "7", "--hidden", "64", "--layers", "2", "--batch", "8", "--eval-every", "50", "--steps", "300"});
        assertThat(given.budget()).isEqualTo(Duration.ofSeconds(6));
        assertThat(given.dimensions().hiddenSize()).isEqualTo(64);
        assertThat(given.dimensions().layers()).isEqualTo(2);
        assertThat(given.batchSize()).isEqualTo(8);
        assertThat(given.evalEvery()).hasValue(50);
        assertThat(given.steps()).hasValue(300);

        assertThatThrownBy(() -> TrainDemoModelArguments.parse(new String[] {"--minutes", "-1"}))
                .hasMessageContaining("--minutes must be positive");
        assertThatThrownBy(() -> TrainDemoModelArguments.parse(new String[] {"--seed", "1", "--seed", "2"}))
                .hasMessage("--seed given twice");
    }

    @Test
    void aDirectoryThatHoldsSomethingElseIsNeverReplaced() throws Exception {
        Path precious = dir.resolve("precious");
        Files.createDirectories(precious);
        Files.writeString(precious.resolve("notes.txt"), "keep me");

        assertThat(run("--out", precious.toString(), "--minutes", "0.01")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds files but no checkpoint");
        assertThat(precious.resolve("notes.txt")).hasContent("keep me");
    }
}
