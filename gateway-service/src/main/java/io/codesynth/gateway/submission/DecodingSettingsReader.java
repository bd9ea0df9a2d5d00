package io.codesynth.gateway.submission;

import io.codesynth.contracts.DecodingAlgorithm;
import io.codesynth.contracts.DecodingSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * Reads partial decoding settings (any subset of the fields, camelCase) over
 * {@link DecodingSettings#defaults()}, and checks the result against the settings' own ranges.
 */
final class DecodingSettingsReader {

    static final SequencedSet<String> FIELDS = new LinkedHashSet<>(List.of(
            "algorithm", "steps", "maxNewTokens", "temperature", "topP", "topK",
            "algTemp", "eps", "blockLength", "threshold", "seed"));

    private DecodingSettingsReader() {
    }

    /** The settings, or null when any value was unusable (each reason is in the values' violations). */
    static DecodingSettings read(SettingValues values) {
        int errorsBefore = values.violations().count();
        DecodingSettings defaults = DecodingSettings.defaults();
        DecodingAlgorithm algorithm = values.string("algorithm").map(id -> {
            try {
                return DecodingAlgorithm.fromId(id);
            } catch (IllegalArgumentException e) {
                values.error("algorithm", e.getMessage());
                return defaults.algorithm();
            }
        }).orElse(defaults.algorithm());
        DecodingSettings settings = new DecodingSettings(
                algorithm,
                values.integer("steps").orElse(defaults.steps()),
                values.integer("maxNewTokens").orElse(defaults.maxNewTokens()),
                values.number("temperature").orElse(defaults.temperature()),
                values.number("topP").orElse(defaults.topP()),
                values.integer("topK").orElse(defaults.topK()),
                values.number("algTemp").orElse(defaults.algTemp()),
                values.number("eps").orElse(defaults.eps()),
                values.integer("blockLength").orElse(defaults.blockLength()),
                values.number("threshold").orElse(defaults.threshold()),
                values.longInteger("seed").orElse(defaults.seed()));
        if (values.violations().count() > errorsBefore) {
            // ranges of half-read settings would only repeat or hide the type errors
            return null;
        }
        for (String violation : settings.violations()) {
            int colon = violation.indexOf(": ");
            if (colon > 0) {
                values.error(violation.substring(0, colon), violation.substring(colon + 2));
            } else {
                values.error("decoding", violation);
            }
        }
        return values.violations().count() > errorsBefore ? null : settings;
    }
}
