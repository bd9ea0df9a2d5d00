package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing the lower-case ids of {@link Language}, {@link ProblemFormat} and {@link DecodingAlgorithm}. */
class EnumIdsTest {

    @Test
    void idsParseCaseInsensitivelyAndTrimmed() {
        assertThat(Language.fromId("python")).isEqualTo(Language.PYTHON);
        assertThat(Language.fromId(" JavaScript ")).isEqualTo(Language.JAVASCRIPT);
        assertThat(ProblemFormat.fromId("HumanEval")).isEqualTo(ProblemFormat.HUMANEVAL);
        assertThat(ProblemFormat.fromId("mbpp")).isEqualTo(ProblemFormat.MBPP);
        assertThat(DecodingAlgorithm.fromId("MASKGIT_PLUS")).isEqualTo(DecodingAlgorithm.MASKGIT_PLUS);
        assertThat(DecodingAlgorithm.fromId("topk_margin")).isEqualTo(DecodingAlgorithm.TOPK_MARGIN);
    }

    @Test
    void everyIdRoundTrips() {
        for (Language language : Language.values()) {
            assertThat(Language.fromId(language.id())).isEqualTo(language);
        }
        for (ProblemFormat format : ProblemFormat.values()) {
            assertThat(ProblemFormat.fromId(format.id())).isEqualTo(format);
        }
        for (DecodingAlgorithm algorithm : DecodingAlgorithm.values()) {
            assertThat(DecodingAlgorithm.fromId(algorithm.id())).isEqualTo(algorithm);
        }
        assertThat(Language.supported()).isEqualTo("python, javascript");
        assertThat(DecodingAlgorithm.supported()).isEqualTo("origin, maskgit_plus, topk_margin, entropy");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "cobol", "py"})
    void anUnknownLanguageNamesTheChoices(String id) {
        assertThatThrownBy(() -> Language.fromId(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown language '" + id + "', expected one of python, javascript");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "apps", "human-eval"})
    void anUnknownProblemFormatNamesTheChoices(String id) {
        assertThatThrownBy(() -> ProblemFormat.fromId(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown problem format '" + id + "', expected humaneval or mbpp");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "greedy", "maskgit-plus"})
    void anUnknownDecodingAlgorithmNamesTheChoices(String id) {
        assertThatThrownBy(() -> DecodingAlgorithm.fromId(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown decoding algorithm '" + id + "', expected one of origin, maskgit_plus,"
                        + " topk_margin, entropy");
    }
}
