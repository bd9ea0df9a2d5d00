package io.codesynth.diffusion.decoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class RevealScheduleTest {

    @Test
    void oneTokenPerStepRevealsNoneFirstAndTwoLast() {
        int[] counts = new RevealSchedule(256, 1e-3).revealCounts(256);

        int[] expected = new int[256];
        Arrays.fill(expected, 1);
        expected[0] = 0;
        expected[255] = 2;
        assertThat(counts).containsExactly(expected);
        assertThat(counts).containsExactly(doublePrecisionRestatement(256, 256, 1e-3));
    }

    @Test
    void twoTokensPerStep() {
        int[] counts = new RevealSchedule(128, 1e-3).revealCounts(256);

        assertThat(counts).hasSize(128);
        assertThat(counts[0]).isEqualTo(1);
        assertThat(Arrays.copyOfRange(counts, 1, 127)).containsOnly(2);
        assertThat(counts[127]).isEqualTo(3);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(256);
        assertThat(counts).containsExactly(doublePrecisionRestatement(256, 128, 1e-3));
    }

    @Test
    void fourTokensPerStep() {
        int[] counts = new RevealSchedule(64, 1e-3).revealCounts(256);

        assertThat(counts).hasSize(64);
        assertThat(counts[0]).isEqualTo(3);
        assertThat(Arrays.copyOfRange(counts, 1, 63)).containsOnly(4);
        assertThat(counts[63]).isEqualTo(5);
        assertThat(counts).containsExactly(doublePrecisionRestatement(256, 64, 1e-3));
    }

    @Test
    void spotValuesOfTheFirstSteps() {
        RevealSchedule schedule = new RevealSchedule(256, 1e-3);
        // step 0: t = 1, s = 1 - 0.999/256, so 256 * (1 - s/t) = 0.999 -> 0
        assertThat(schedule.revealFraction(0)).isCloseTo((float) (0.999 / 256), org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(schedule.revealCount(256, 0)).isZero();
        // step 1: 256 * (0.999/256) / (1 - 0.999/256) = 1.0029 -> 1
        assertThat(schedule.revealCount(256, 1)).isEqualTo(1);
        assertThat(schedule.revealCount(2, 255)).isEqualTo(2);
        assertThat(schedule.originProbability(255)).isEqualTo(1f);
        assertThat(schedule.originProbability(0)).isEqualTo(schedule.revealFraction(0));
    }

    /**
     * With eps = 0 the products land exactly on integers, where float32 and double disagree; Dream computes
     * in float32, and so do we (the reference file below is what torch produced).
     */
    @Test
    void float32NotDoubleDecidesIntegerBoundaries() {
        int[] float32 = new RevealSchedule(64, 0.0).revealCounts(256);
        int[] asDouble = doublePrecisionRestatement(256, 64, 0.0);

        assertThat(float32).isNotEqualTo(asDouble);
        assertThat(Arrays.stream(float32).sum()).isEqualTo(256);
    }

    /** Counts and float32 bits of 1 - s/t as torch 2.11 computed them on CPU and CUDA (see the generator script). */
    @Test
    void matchesTorchReferenceOnCpuAndCuda() throws IOException {
        List<String> lines = referenceLines();
        assertThat(lines).hasSize(136);
        for (String line : lines) {
            String[] parts = line.split(" \\| ");
            String[] head = parts[0].trim().split(" ");
            int masked = Integer.parseInt(head[1]);
            int steps = Integer.parseInt(head[2]);
            double eps = Double.parseDouble(head[3]);
            int[] expectedCounts = Arrays.stream(parts[1].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            String[] expectedBits = parts[2].trim().split(" ");

            RevealSchedule schedule = new RevealSchedule(steps, eps);
            assertThat(schedule.revealCounts(masked)).as(parts[0]).containsExactly(expectedCounts);
            for (int step = 0; step < steps; step++) {
                String bits = String.format("%08x", Float.floatToRawIntBits(schedule.revealFraction(step)));
                assertThat(bits).as("%s step %d", parts[0], step).isEqualTo(expectedBits[step]);
            }
        }
    }

    /** The schedule restated in double precision, straight from the formula (exact enough for eps = 1e-3). */
    private static int[] doublePrecisionRestatement(int masked, int steps, double eps) {
        int[] counts = new int[steps];
        int remaining = masked;
        for (int i = 0; i < steps; i++) {
            double t = 1 - (1 - eps) * i / steps;
            double s = 1 - (1 - eps) * (i + 1) / steps;
            counts[i] = i == steps - 1 ? remaining : (int) (remaining * (1 - s / t));
            remaining -= counts[i];
        }
        return counts;
    }

    private static List<String> referenceLines() throws IOException {
        try (InputStream in = Objects.requireNonNull(
                RevealScheduleTest.class.getResourceAsStream("dream-schedule-reference.txt"));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
