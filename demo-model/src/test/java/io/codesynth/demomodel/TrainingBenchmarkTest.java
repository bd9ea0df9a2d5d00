package io.codesynth.demomodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainingBenchmarkTest {

    @Test
    void timesBothVariantsOnTheSameBatchesAndTheirLossesAgree() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainingBenchmark.run(new String[] {"--batch", "2", "--steps", "2", "--seed", "5"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("batches of 2 training problems; 2 timed steps per variant after 3 untimed");
        assertThat(text).containsPattern("\\| masked positions only \\(training\\) \\| [\\d,]+ \\| \\d+\\.\\d \\| [\\d,]+ \\|");
        assertThat(text).containsPattern("\\| every position \\| [\\d,]+ \\| \\d+\\.\\d \\| [\\d,]+ \\|");
        Matcher gap = Pattern.compile("differ by at most (\\S+) over the 5 steps").matcher(text);
        assertThat(gap.find()).as(text).isTrue();
        assertThat(Double.parseDouble(gap.group(1))).isLessThan(1e-4);
    }

    @Test
    void badArgumentsPrintTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(TrainingBenchmark.run(new String[] {"--batch", "0"}, System.out, errors)).isEqualTo(2);
        assertThat(TrainingBenchmark.run(new String[] {"--steps"}, System.out, errors)).isEqualTo(2);
        assertThat(TrainingBenchmark.run(new String[] {"--minutes", "3"}, System.out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("bench train: --batch must lie in 1..1024")
                .contains("bench train: --steps needs a value")
                .contains("bench train: unknown option '--minutes'")
                .contains("usage: bench train");
    }
}
