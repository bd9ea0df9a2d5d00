package io.codesynth.generation.model;

import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint the worker runs when none is configured: a tiny random Dream model written on first start, so
 * the pipeline can run end to end before a trained model is bundled. Says loudly that its output is random.
 */
public final class FallbackCheckpoint {

    private static final Logger log = LoggerFactory.getLogger(FallbackCheckpoint.class);

    /** The seed of the fallback's weights, so every installation writes the same model. */
    static final long SEED = 42;

    private FallbackCheckpoint() {
    }

    /**
     * The configured directory if there is one; else the fallback directory, writing the tiny random checkpoint
     * there unless an earlier start did.
     */
    public static Path resolve(Path configured, Path fallbackDir) {
        if (configured != null) {
            return configured;
        }
        if (!Files.isRegularFile(fallbackDir.resolve("config.json"))) {
            RandomDreamCheckpoint.write(fallbackDir, RandomDreamCheckpoint.Dimensions.tiny(), SEED);
            log.info("Wrote a tiny random Dream checkpoint to {}", fallbackDir.toAbsolutePath());
        }
        log.warn("""

                ********************************************************************************
                * No model configured (codesynth.generation.model-dir): using a tiny RANDOM model
                * from {}.
                * Every candidate it generates is random text and will fail verification.
                * Set codesynth.generation.model-dir to a trained Dream / DiffuCoder checkpoint.
                ********************************************************************************""",
                fallbackDir.toAbsolutePath().normalize());
        return fallbackDir;
    }
}
