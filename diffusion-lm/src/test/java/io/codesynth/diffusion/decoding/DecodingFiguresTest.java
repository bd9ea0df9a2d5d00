package io.codesynth.diffusion.decoding;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.codesynth.diffusion.model.DenoisingModel;
import io.codesynth.diffusion.model.DreamModel;
import io.codesynth.diffusion.model.ModelOptions;
import io.codesynth.diffusion.testing.TinyDreamCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward passes per generated token for the fixed schedule versus threshold decoding, on both test models,
 * logged as a table: threshold decoding never needs more forward passes than one-token-per-step decoding,
 * and on a model that is confident next to revealed text it needs far fewer.
 */
class DecodingFiguresTest {

    private static final Logger log = LoggerFactory.getLogger(DecodingFiguresTest.class);

    @TempDir
    Path checkpoint;

    private static Map<String, DecodingOptions> modes() {
        DecodingOptions fixed = DecodingOptions.defaults().toBuilder().maxNewTokens(64).steps(64).temperature(0).topP(1).build();
        Map<String, DecodingOptions> modes = new LinkedHashMap<>();
        modes.put("entropy, 64 steps", fixed);
        modes.put("entropy, 16 steps", fixed.toBuilder().steps(16).build());
        modes.put("entropy, blocks of 16, 64 steps", fixed.toBuilder().blockLength(16).build());
        modes.put("threshold 0.9", fixed.toBuilder().threshold(0.9).build());
        modes.put("threshold 0.5", fixed.toBuilder().threshold(0.5).build());
        modes.put("threshold 0.9, blocks of 16", fixed.toBuilder().threshold(0.9).blockLength(16).build());
        modes.put("threshold 0.3, blocks of 16", fixed.toBuilder().threshold(0.3).blockLength(16).build());
        return modes;
    }

    @Test
    void thresholdDecodingSpendsFewerForwardPassesPerToken() {
        Map<String, Double> counting = figures(new CountingModel(), CountingModel.TOKENIZER_VOCABULARY, new int[] {1, 2, 3});
        TinyDreamCheckpoint.write(checkpoint);
        Map<String, Double> dream;
        try (DreamModel model = DreamModel.load(checkpoint, ModelOptions.defaults().withDevice(Device.cpu()))) {
            dream = figures(model, TinyDreamCheckpoint.TOKENIZER_IDS, new int[] {100, 101, 102});
        }

        List<String> table = new ArrayList<>();
        table.add(String.format("%-32s %16s %16s", "mode (64 tokens, greedy)", "counting model", "tiny Dream"));
        counting.forEach((mode, perToken) -> table.add(String.format("%-32s %16.3f %16.3f", mode, perToken, dream.get(mode))));
        log.info("forward passes per generated token:\n{}", String.join("\n", table));

        for (Map<String, Double> figures : List.of(counting, dream)) {
            assertThat(figures.get("threshold 0.9")).isLessThanOrEqualTo(1.0);
            assertThat(figures.get("threshold 0.5")).isLessThanOrEqualTo(figures.get("threshold 0.9"));
        }
        assertThat(counting.get("entropy, 64 steps")).isEqualTo(63 / 64.0);
        assertThat(counting.get("threshold 0.3, blocks of 16")).isLessThan(0.5);
    }

    private static Map<String, Double> figures(DenoisingModel model, int vocabulary, int[] prompt) {
        DiffusionDecoder decoder = new DiffusionDecoder(model, new DecoderSettings(vocabulary, Set.of(), 16, 4096),
                ids -> "");
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            modes().forEach((mode, options) -> out.put(mode,
                    decoder.decode(manager, List.of(new DecodeRequest(prompt, options, 1))).forwardPassesPerToken()));
        }
        return out;
    }
}
