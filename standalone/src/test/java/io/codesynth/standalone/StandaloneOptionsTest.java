package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneOptionsTest {

    private static StandaloneOptions parse(String... args) {
        return StandaloneOptions.parse(List.of(args), Map.of());
    }

    @Test
    void defaultsServeOnTheDocumentedPorts() {
        StandaloneOptions options = parse();

        assertThat(options.command()).isEqualTo(StandaloneOptions.Command.START);
        assertThat(options.ports()).containsExactlyInAnyOrderEntriesOf(Map.of(
                PortSetting.GATEWAY, 8080, PortSetting.RESULTS, 8081, PortSetting.GENERATION, 8082,
                PortSetting.VERIFICATION, 8083, PortSetting.KAFKA, 9092, PortSetting.KAFKA_CONTROLLER, 9093,
                PortSetting.POSTGRES, 5432));
        assertThat(options.dataDir()).isEqualTo(Path.of(".codesynth"));
        assertThat(options.demo()).as("the demo model's job").isEqualTo(DemoSettings.DEMO_MODEL);
        assertThat(options.exitWhenDone()).isFalse();
        assertThat(options.modelDir()).as("no model: the bundled demo model").isNull();
        assertThat(options.unsandboxed()).as("candidates run sandboxed unless asked otherwise").isFalse();
    }

    @Test
    void theVerificationPortComesFromItsFlagOrItsEnvironmentVariable() {
        assertThat(parse("--verification-port", "18083").port(PortSetting.VERIFICATION)).isEqualTo(18083);
        assertThat(parse("demo", "--verification-port=18084").port(PortSetting.VERIFICATION)).isEqualTo(18084);
        assertThat(StandaloneOptions.parse(List.of(), Map.of("CODESYNTH_VERIFICATION_PORT", "18085"))
                .port(PortSetting.VERIFICATION)).isEqualTo(18085);
        assertThatThrownBy(() -> parse("--verification-port", "8082")).hasMessage("port 8082 is given to both"
                + " generation-worker (--generation-port) and verification-worker (--verification-port); give each its own");
    }

    @Test
    void unsandboxedIsAnExplicitFlagOfStartAndDemo() {
        assertThat(parse("--unsandboxed").unsandboxed()).isTrue();
        assertThat(parse("start", "--unsandboxed").command()).isEqualTo(StandaloneOptions.Command.START);
        assertThat(parse("demo", "--exit-when-done", "--unsandboxed").unsandboxed()).isTrue();
        assertThat(RunSettings.of(parse("demo", "--unsandboxed")).unsandboxed()).isTrue();
        assertThat(RunSettings.of(parse("demo")).unsandboxed()).isFalse();
    }

    @Test
    void demoTakesItsOptionsInBothSpellings() {
        StandaloneOptions options = parse("demo", "--exit-when-done", "--samples=3", "--problems", "p.jsonl",
                "--kafka-port=19092", "--gateway-port", "18080", "--data-dir", "/tmp/cs");

        assertThat(options.command()).isEqualTo(StandaloneOptions.Command.DEMO);
        assertThat(options.exitWhenDone()).isTrue();
        assertThat(options.samples()).isEqualTo(3);
        assertThat(options.problemsFile()).isEqualTo(Path.of("p.jsonl"));
        assertThat(options.port(PortSetting.KAFKA)).isEqualTo(19092);
        assertThat(options.port(PortSetting.GATEWAY)).isEqualTo(18080);
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/cs"));
    }

    @Test
    void theDemoJobsDecodingLengthIsAnOption() {
        StandaloneOptions options = parse("demo", "--max-new-tokens", "128", "--steps=32", "--samples", "10",
                "--temperature", "0.6");

        assertThat(options.demo()).isEqualTo(new DemoSettings(10, 128, 32, 0.6));
        assertThat(options.demo().query()).isEqualTo("samples=10&maxNewTokens=128&steps=32&temperature=0.6");
        assertThat(options.demo().describe()).isEqualTo("10 samples each, 128 new tokens in 32 steps at temperature 0.6");
        assertThat(parse("demo", "--temperature", "0", "--samples", "1").demo().describe())
                .isEqualTo("1 sample each, 48 new tokens in %d steps at temperature 0 (greedy)", DemoSettings.DEMO_MODEL.steps());
        assertThat(StandaloneOptions.usage()).contains("--max-new-tokens M", "--steps S", "--temperature T",
                "default 48 (64 with --model)", "in HumanEval's format or MBPP's");
        assertThatThrownBy(() -> parse("demo", "--temperature", "2.5")).hasMessage("--temperature must be between 0 and 2, got 2.5");
        assertThatThrownBy(() -> parse("demo", "--temperature", "warm")).hasMessage("--temperature must be a number, got 'warm'");
        assertThatThrownBy(() -> parse("demo", "--steps", "0")).hasMessage("--steps must be between 1 and 4096, got 0");
        assertThatThrownBy(() -> parse("demo", "--max-new-tokens", "5000"))
                .hasMessage("--max-new-tokens must be between 1 and 4096, got 5000");
        assertThatThrownBy(() -> parse("start", "--steps", "8")).hasMessageContaining("belong to the demo command");
    }

    @Test
    void flagsWinOverEnvironmentVariablesWhichWinOverDefaults() {
        StandaloneOptions options = StandaloneOptions.parse(List.of("--postgres-port", "15433"), Map.of(
                "CODESYNTH_POSTGRES_PORT", "15432", "CODESYNTH_RESULTS_PORT", "18081", "CODESYNTH_DATA_DIR", "/data"));

        assertThat(options.port(PortSetting.POSTGRES)).isEqualTo(15433);
        assertThat(options.port(PortSetting.RESULTS)).isEqualTo(18081);
        assertThat(options.dataDir()).isEqualTo(Path.of("/data"));
    }

    @Test
    void helpIsACommand() {
        assertThat(parse("--help").command()).isEqualTo(StandaloneOptions.Command.HELP);
        assertThat(parse("demo", "-h").command()).isEqualTo(StandaloneOptions.Command.HELP);
        assertThat(StandaloneOptions.usage()).contains("--kafka-port PORT", "CODESYNTH_KAFKA_PORT", "--exit-when-done",
                "--generation-port PORT", "CODESYNTH_GENERATION_PORT", "--model DIR", "CODESYNTH_MODEL_DIR",
                "--verification-port PORT", "CODESYNTH_VERIFICATION_PORT", "--unsandboxed",
                "generate", "bench decode", "random-model", "--max-new-tokens M", "--out DIR", "heldout-problems",
                "verify", "--problems P.jsonl[.gz] --samples S.jsonl", "bench verify", "[--reference]");
    }

    @Test
    void aModelDirectoryComesFromTheFlagOrTheEnvironment(@TempDir Path checkpoints) throws IOException {
        Path flagged = checkpoint(checkpoints.resolve("flagged"));
        Path fromEnvironment = checkpoint(checkpoints.resolve("from-environment"));

        assertThat(parse("demo", "--model", flagged.toString()).modelDir()).isEqualTo(flagged);
        assertThat(parse("demo", "--model", flagged.toString()).demo()).as("another model's demo defaults")
                .isEqualTo(DemoSettings.OTHER_MODELS);
        assertThat(parse("demo", "--model", flagged.toString(), "--samples", "2").demo())
                .isEqualTo(new DemoSettings(2, 64, 64, 0.4));
        assertThat(StandaloneOptions.parse(List.of("start"), Map.of("CODESYNTH_MODEL_DIR", fromEnvironment.toString()))
                .modelDir()).isEqualTo(fromEnvironment);
        assertThat(StandaloneOptions.parse(List.of("--model=" + flagged), Map.of("CODESYNTH_MODEL_DIR", fromEnvironment.toString()))
                .modelDir()).isEqualTo(flagged);
    }

    @Test
    void aModelDirectoryMustExistAndHoldConfigJson(@TempDir Path checkpoints) throws IOException {
        Path missing = checkpoints.resolve("missing");
        Path empty = Files.createDirectories(checkpoints.resolve("empty"));

        assertThatThrownBy(() -> parse("--model", missing.toString()))
                .hasMessage("--model " + missing + ": no such directory");
        assertThatThrownBy(() -> StandaloneOptions.parse(List.of("demo"), Map.of("CODESYNTH_MODEL_DIR", empty.toString())))
                .hasMessageStartingWith("CODESYNTH_MODEL_DIR " + empty + " has no config.json; expected a Dream / DiffuCoder");
        assertThat(parse("--help", "--model", missing.toString()).command())
                .as("help needs no model").isEqualTo(StandaloneOptions.Command.HELP);
    }

    private static Path checkpoint(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{}");
        return dir;
    }

    @Test
    void badInputIsNamedInTheMessage() {
        assertThatThrownBy(() -> parse("--kafka-port", "ninety")).hasMessage("--kafka-port must be a number, got 'ninety'");
        assertThatThrownBy(() -> parse("--kafka-port", "70000")).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> parse("--kafka-port")).hasMessage("--kafka-port needs a value");
        assertThatThrownBy(() -> parse("--verbose")).hasMessage("unknown argument '--verbose'");
        assertThatThrownBy(() -> parse("serve")).hasMessageContaining("unknown command 'serve'");
        assertThatThrownBy(() -> parse("demo", "--samples", "0")).hasMessageContaining("--samples must be between 1 and 200");
        assertThatThrownBy(() -> parse("start", "--exit-when-done")).hasMessageContaining("belong to the demo command");
        assertThatThrownBy(() -> StandaloneOptions.parse(List.of(), Map.of("CODESYNTH_KAFKA_PORT", "x")))
                .hasMessageContaining("CODESYNTH_KAFKA_PORT must be a number");
    }

    @Test
    void twoServicesCannotShareAPort() {
        assertThatThrownBy(() -> parse("--results-port", "8080"))
                .hasMessage("port 8080 is given to both gateway (--gateway-port) and results-service (--results-port); give each its own");
    }

    @Test
    void processesAreAnOptionOfStartAndDemoWithWorkerCounts() {
        assertThat(parse().processes()).as("one JVM unless asked").isNull();
        assertThat(parse("start", "--processes").processes())
                .isEqualTo(new StandaloneOptions.ProcessOptions(1, 1, false));
        assertThat(parse("demo", "--processes", "--generation-workers", "2", "--verification-workers=3", "--restart")
                .processes()).isEqualTo(new StandaloneOptions.ProcessOptions(2, 3, true));
        assertThatThrownBy(() -> parse("--generation-workers", "2"))
                .hasMessage("--generation-workers, --verification-workers and --restart need --processes");
        assertThatThrownBy(() -> parse("--processes", "--verification-workers", "13"))
                .hasMessage("--verification-workers must be between 1 and 12, got 13");
        assertThatThrownBy(() -> parse("--processes", "--generation-workers", "0"))
                .hasMessageContaining("between 1 and 12");
    }

    @Test
    void statusTakesTheDataDirectoryOnly() {
        StandaloneOptions status = parse("status", "--data-dir", "/tmp/cs");
        assertThat(status.command()).isEqualTo(StandaloneOptions.Command.STATUS);
        assertThat(status.dataDir()).isEqualTo(Path.of("/tmp/cs"));
        assertThatThrownBy(() -> parse("status", "--processes")).hasMessage("status takes --data-dir only");
    }

    @Test
    void theUsageTextNamesTheMultiProcessOptions() {
        assertThat(StandaloneOptions.usage()).contains("codesynth status [--data-dir DIR]", "--processes",
                "--generation-workers N", "(1..12), default 1", "--verification-workers M", "--restart");
    }
}
