package io.codesynth.verification.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PassAtKTest {

    @Test
    void matchesTheClosedForm() {
        // 1 - C(n-c, k) / C(n, k)
        assertThat(PassAtK.estimate(10, 3, 1)).isCloseTo(0.3, within(1e-12));
        assertThat(PassAtK.estimate(10, 3, 5)).isCloseTo(1 - 21.0 / 252.0, within(1e-12));
        assertThat(PassAtK.estimate(5, 0, 1)).isEqualTo(0.0);
        assertThat(PassAtK.estimate(5, 5, 5)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(10, 8, 5)).isEqualTo(1.0);
    }

    @Test
    void staysAccurateWhereBinomialsOverflow() {
        assertThat(PassAtK.estimate(2000, 1, 100)).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void rejectsImpossibleArguments() {
        assertThatThrownBy(() -> PassAtK.estimate(5, 1, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(5, 6, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
