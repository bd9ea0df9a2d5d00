package io.codesynth.results.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassAtKTest {

    @Test
    void matchesTheBinomialFormulaComputedExactly() {
        for (int n = 1; n <= 30; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k : List.of(1, 5, 10)) {
                    if (n < k) {
                        continue;
                    }
                    double exact = 1 - ratio(binomial(n - c, k), binomial(n, k));
                    assertThat(PassAtK.estimate(n, c, k)).as("n=%d c=%d k=%d", n, c, k)
                            .hasValueCloseTo(exact, within(1e-12));
                }
            }
        }
    }

    @Test
    void passAt1IsTheShareOfCorrectSamples() {
        assertThat(PassAtK.estimate(10, 3, 1)).hasValueCloseTo(0.3, within(1e-12));
        assertThat(PassAtK.estimate(4, 1, 1)).hasValueCloseTo(0.25, within(1e-12));
    }

    @Test
    void noCorrectSampleIsZeroAndAllCorrectIsOne() {
        for (int k : List.of(1, 5, 10)) {
            assertThat(PassAtK.estimate(10, 0, k)).hasValue(0.0);
            assertThat(PassAtK.estimate(10, 10, k)).hasValue(1.0);
        }
        // fewer wrong samples than k: every draw holds a correct one
        assertThat(PassAtK.estimate(10, 6, 5)).hasValue(1.0);
    }

    @Test
    void isUndefinedWhenThereAreFewerSamplesThanK() {
        assertThat(PassAtK.estimate(4, 2, 5)).isEmpty();
        assertThat(PassAtK.estimate(9, 9, 10)).isEmpty();
        assertThat(PassAtK.of(4, 2)).containsOnlyKeys("pass@1");
        assertThat(PassAtK.of(5, 0)).containsOnlyKeys("pass@1", "pass@5");
        assertThat(PassAtK.of(10, 1)).containsOnlyKeys("pass@1", "pass@5", "pass@10");
        assertThat(PassAtK.of(10, 1).get("pass@5")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void staysStableForLargeSampleCounts() {
        // C(200, 10) overflows a long; the product form does not care
        double value = PassAtK.estimate(200, 1, 10).orElseThrow();
        assertThat(value).isCloseTo(10.0 / 200, within(1e-12));
        assertThat(PassAtK.estimate(1000, 3, 10).orElseThrow())
                .isCloseTo(1 - ratio(binomial(997, 10), binomial(1000, 10)), within(1e-12));
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> PassAtK.estimate(3, 4, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= c <= n");
        assertThatThrownBy(() -> PassAtK.estimate(3, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(3, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJobMeanUsesTheTasksThatDefineEachKey() {
        Map<String, Double> mean = PassAtK.mean(List.of(
                Map.of("pass@1", 0.2, "pass@5", 0.6),
                Map.of("pass@1", 0.4),
                Map.of()));
        assertThat(mean).containsOnlyKeys("pass@1", "pass@5");
        assertThat(mean.get("pass@1")).isCloseTo(0.3, within(1e-12));
        assertThat(mean.get("pass@5")).isCloseTo(0.6, within(1e-12));
        assertThat(PassAtK.mean(List.of())).isEmpty();
        assertThat(mean.values()).noneMatch(value -> value.isNaN());
    }

    private static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) {
            return BigInteger.ZERO;
        }
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }

    private static double ratio(BigInteger numerator, BigInteger denominator) {
        return new java.math.BigDecimal(numerator).divide(new java.math.BigDecimal(denominator),
                java.math.MathContext.DECIMAL128).doubleValue();
    }
}
