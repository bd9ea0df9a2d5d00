package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void onATerminalTheLineIsRewrittenInPlace() {
        ProgressLine line = new ProgressLine(out, true);

        line.update("storing a long status", Duration.ofMillis(100));
        line.update("stored", Duration.ofMillis(1200));
        line.finish("done", Duration.ofMillis(1500));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\rstoring a long status (0.1 s)"
                        + "\rstored (1.2 s)" + " ".repeat(15)
                        + "\rdone (1.5 s)" + " ".repeat(2) + System.lineSeparator());
    }

    @Test
    void aConsoleWithoutTheSymbolsGetsAsciiInstead() {
        ByteArrayOutputStream ascii = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(ascii, true, StandardCharsets.US_ASCII), false);

        line.update("1/5 generated · 0/5 verified", Duration.ofMillis(100));

        assertThat(ascii.toString(StandardCharsets.US_ASCII)).isEqualTo("1/5 generated | 0/5 verified (0.1 s)" + System.lineSeparator());
        assertThat(ConsoleText.fit("5 tasks × 4 samples · 8 steps", StandardCharsets.UTF_8))
                .isEqualTo("5 tasks × 4 samples · 8 steps");
    }

    @Test
    void elsewhereALineIsPrintedOnlyWhenTheStatusChanges() {
        ProgressLine line = new ProgressLine(out, false);

        line.update("waiting", Duration.ofMillis(100));
        line.update("waiting", Duration.ofMillis(200));
        line.update("stored", Duration.ofMillis(300));
        line.finish("stored", Duration.ofMillis(400));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly("waiting (0.1 s)", "stored (0.3 s)");
    }
}
