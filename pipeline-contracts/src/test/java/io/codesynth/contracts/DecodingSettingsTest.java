package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each range of {@link DecodingSettings#violations()}, and the schema's view of the same ranges. */
class DecodingSettingsTest {

    private static final String SCHEMA = Schemas.BASE_URI + Schemas.COMMON + "#/$defs/DecodingSettings";

    /** The settings' components, so that a case can change one of them before building the record. */
    private record Draft(DecodingAlgorithm algorithm, int steps, int maxNewTokens, double temperature, double topP,
                         Integer topK, double algTemp, double eps, Integer blockLength, Double threshold, Long seed) {

        static Draft defaults() {
            DecodingSettings d = DecodingSettings.defaults();
            return new Draft(d.algorithm(), d.steps(), d.maxNewTokens(), d.temperature(), d.topP(), d.topK(),
                    d.algTemp(), d.eps(), d.blockLength(), d.threshold(), d.seed());
        }

        DecodingSettings build() {
            return new DecodingSettings(algorithm, steps, maxNewTokens, temperature, topP, topK, algTemp, eps,
                    blockLength, threshold, seed);
        }
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                bad("steps: must be between 1 and 4096, was 0", true, d -> with(d, "steps", 0)),
                bad("steps: must be between 1 and 4096, was 4097", true, d -> with(d, "steps", 4097)),
                bad("maxNewTokens: must be between 1 and 4096, was 0", true, d -> with(d, "maxNewTokens", 0)),
                bad("maxNewTokens: must be between 1 and 4096, was 5000", true, d -> with(d, "maxNewTokens", 5000)),
                bad("temperature: must be between 0 and 2, was -0.1", true, d -> with(d, "temperature", -0.1)),
                bad("temperature: must be between 0 and 2, was 2.5", true, d -> with(d, "temperature", 2.5)),
                bad("temperature: must be between 0 and 2, was NaN", true, d -> with(d, "temperature", Double.NaN)),
                bad("topP: must be in (0, 1], was 0.0", true, d -> with(d, "topP", 0.0)),
                bad("topP: must be in (0, 1], was 1.01", true, d -> with(d, "topP", 1.01)),
                bad("topK: must be at least 1 (or absent), was 0", true, d -> with(d, "topK", 0)),
                bad("algTemp: must be between 0 and 10, was -1.0", true, d -> with(d, "algTemp", -1.0)),
                bad("algTemp: must be between 0 and 10, was 10.5", true, d -> with(d, "algTemp", 10.5)),
                bad("eps: must be in [0, 1), was -0.001", true, d -> with(d, "eps", -0.001)),
                bad("eps: must be in [0, 1), was 1.0", true, d -> with(d, "eps", 1.0)),
                bad("threshold: must be in (0, 1] (or absent), was 0.0", true, d -> with(d, "threshold", 0.0)),
                bad("threshold: must be in (0, 1] (or absent), was 1.2", true, d -> with(d, "threshold", 1.2)),
                bad("blockLength: must be between 1 and maxNewTokens (256), was 0", true,
                        d -> with(d, "blockLength", 0)),
                bad("blockLength: must be between 1 and maxNewTokens (256), was 512", false,
                        d -> with(d, "blockLength", 512)),
                bad("blockLength: must divide maxNewTokens (256), was 100", false,
                        d -> with(d, "blockLength", 100)),
                bad("steps: must be a multiple of the number of blocks (8) when blockLength is set, was 100", false,
                        d -> with(with(d, "blockLength", 32), "steps", 100)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachRangeIsReportedWithItsField(String expected, boolean schemaCanTell, UnaryOperator<Draft> change) {
        DecodingSettings settings = change.apply(Draft.defaults()).build();

        assertThat(settings.violations()).containsExactly(expected);
        if (schemaCanTell) {
            assertThat(schemaErrors(settings)).as("the schema rejects it too").isNotEmpty();
        }
    }

    @Test
    void theDefaultsAreDiffuCodersSettingsAndValid() {
        DecodingSettings defaults = DecodingSettings.defaults();

        assertThat(defaults.violations()).isEmpty();
        assertThat(schemaErrors(defaults)).isEmpty();
        assertThat(defaults.algorithm()).isEqualTo(DecodingAlgorithm.ENTROPY);
        assertThat(defaults.steps()).isEqualTo(256);
        assertThat(defaults.maxNewTokens()).isEqualTo(256);
        assertThat(defaults.temperature()).isEqualTo(0.4);
        assertThat(defaults.topP()).isEqualTo(0.95);
        assertThat(defaults.eps()).isEqualTo(1e-3);
    }

    @Test
    void theEdgesOfEachRangeAreAccepted() {
        Draft low = new Draft(DecodingAlgorithm.ORIGIN, 1, 1, 0.0, Double.MIN_VALUE, 1, 0.0, 0.0, 1, 1.0, -1L);
        Draft high = new Draft(DecodingAlgorithm.TOPK_MARGIN, 4096, 4096, 2.0, 1.0, null, 10.0, 0.999, 4096,
                Double.MIN_VALUE, Long.MAX_VALUE);
        Draft blocks = with(with(Draft.defaults(), "blockLength", 32), "steps", 64);
        Draft thresholdBlocks = with(with(with(Draft.defaults(), "blockLength", 32), "steps", 7), "threshold", 0.9);

        for (Draft draft : new Draft[] {low, high, blocks, thresholdBlocks}) {
            assertThat(draft.build().violations()).as(draft.toString()).isEmpty();
            assertThat(schemaErrors(draft.build())).as(draft.toString()).isEmpty();
        }
    }

    @Test
    void everyViolationIsListed() {
        Draft draft = with(with(with(Draft.defaults(), "steps", 0), "topP", 2.0), "topK", -3);

        assertThat(draft.build().violations())
                .extracting(violation -> violation.substring(0, violation.indexOf(':')))
                .containsExactly("steps", "topP", "topK");
    }

    private static java.util.List<String> schemaErrors(DecodingSettings settings) {
        return SchemaSupport.errors(SchemaSupport.schema(SCHEMA), PipelineJson.toJson(settings));
    }

    private static Arguments bad(String expected, boolean schemaCanTell, UnaryOperator<Draft> change) {
        return Arguments.of(expected, schemaCanTell, change);
    }

    private static Draft with(Draft d, String field, Number value) {
        return switch (field) {
            case "steps" -> new Draft(d.algorithm, value.intValue(), d.maxNewTokens, d.temperature, d.topP, d.topK,
                    d.algTemp, d.eps, d.blockLength, d.threshold, d.seed);
            case "maxNewTokens" -> new Draft(d.algorithm, d.steps, value.intValue(), d.temperature, d.topP, d.topK,
                    d.algTemp, d.eps, d.blockLength, d.threshold, d.seed);
            case "temperature" -> new Draft(d.algorithm, d.steps, d.maxNewTokens, value.doubleValue(), d.topP, d.topK,
                    d.algTemp, d.eps, d.blockLength, d.threshold, d.seed);
            case "topP" -> new Draft(d.algorithm, d.steps, d.maxNewTokens, d.temperature, value.doubleValue(), d.topK,
                    d.algTemp, d.eps, d.blockLength, d.threshold, d.seed);
            case "topK" -> new Draft(d.algorithm, d.steps, d.maxNewTokens, d.temperature, d.topP, value.intValue(),
                    d.algTemp, d.eps, d.blockLength, d.threshold, d.seed);
            case "algTemp" -> new Draft(d.algorithm, d.steps, d.maxNewTokens, d.temperature, d.topP, d.topK,
                    value.doubleValue(), d.eps, d.blockLength, d.threshold, d.seed);
            case "eps" -> new Draft(d.algorithm, d.steps, d.maxNewTokens, d.temperature, d.topP, d.topK, d.algTemp,
                    value.doubleValue(), d.blockLength, d.threshold, d.seed);
            case "blockLength" -> new Draft(d.algorithm, d.steps, d.maxNewTokens, d.temperature, d.topP, d.topK,
                    d.algTemp, d.eps, value.intValue(), d.threshold, d.seed);
            case "threshold" -> new Draft(d.algorithm, d.steps, d.maxNewTokens, d.temperature, d.topP, d.topK,
                    d.algTemp, d.eps, d.blockLength, value.doubleValue(), d.seed);
            default -> throw new IllegalArgumentException(field);
        };
    }
}
