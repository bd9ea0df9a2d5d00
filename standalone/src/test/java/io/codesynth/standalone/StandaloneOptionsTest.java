package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StandaloneOptionsTest {

    private static StandaloneOptions parse(String... args) {
        return StandaloneOptions.parse(List.of(args), Map.of());
    }

    @Test
    void defaultsServeOnTheDocumentedPorts() {
        StandaloneOptions options = parse();

        assertThat(options.command()).isEqualTo(StandaloneOptions.Command.START);
        assertThat(options.ports()).containsExactlyInAnyOrderEntriesOf(Map.of(
                PortSetting.GATEWAY, 8080, PortSetting.RESULTS, 8081, PortSetting.KAFKA, 9092,
                PortSetting.KAFKA_CONTROLLER, 9093, PortSetting.POSTGRES, 5432));
        assertThat(options.dataDir()).isEqualTo(Path.of(".codesynth"));
        assertThat(options.samples()).isEqualTo(StandaloneOptions.DEFAULT_SAMPLES);
        assertThat(options.exitWhenDone()).isFalse();
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
        assertThat(StandaloneOptions.usage()).contains("--kafka-port PORT", "CODESYNTH_KAFKA_PORT", "--exit-when-done");
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
}
