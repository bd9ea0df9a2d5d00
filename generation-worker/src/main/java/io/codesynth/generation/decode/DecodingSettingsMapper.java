package io.codesynth.generation.decode;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.diffusion.decoding.UnmaskingAlgorithm;
import java.util.List;

/** The job's decoding settings, as they travel in a generation request, in the decoder's terms. */
public final class DecodingSettingsMapper {

    private DecodingSettingsMapper() {
    }

    /**
     * The decoder's options for {@code settings}, seeded with the task's seed: sample i of the request then uses
     * {@link DecodingOptions#sampleSeed(int)} of it, so a redelivered request decodes to the same candidates.
     *
     * @throws InvalidRequestException naming every setting out of range
     */
    public static DecodingOptions toOptions(DecodingSettings settings, long taskSeed) {
        List<String> violations = settings.violations();
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("invalid decoding settings: " + String.join("; ", violations));
        }
        try {
            return new DecodingOptions(
                    UnmaskingAlgorithm.fromId(settings.algorithm().id()),
                    settings.steps(),
                    settings.maxNewTokens(),
                    settings.temperature(),
                    settings.topP(),
                    settings.topK(),
                    settings.algTemp(),
                    settings.eps(),
                    settings.blockLength(),
                    settings.threshold(),
                    taskSeed);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid decoding settings: " + e.getMessage(), e);
        }
    }
}
