package io.codesynth.generation.model;

import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint the worker runs when none is configured: the bundled demo model (see {@link BundledModel}),
 * unpacked on first start; or, in a build without it, a tiny random Dream model written on first start, so the
 * pipeline still runs end to end, with a loud warning that its output is random.
 */
public final class FallbackCheckpoint {

    private static final Logger log = LoggerFactory.getLogger(FallbackCheckpoint.class);

    /** The seed of the random fallback's weights, so every installation writes the same model. */
    static final long SEED = 42;

    private FallbackCheckpoint() {
    }

    /**
     * The configured directory if there is one; else the bundled demo model unpacked into {@code bundledDir};
     * else the tiny random checkpoint in {@code randomDir}, written there unless an earlier start did.
     */
    public static Path resolve(Path configured, Path bundledDir, Path randomDir) {
        return resolve(configured, bundledDir, randomDir, BundledModel.DEMO);
    }

    static Path resolve(Path configured, Path bundledDir, Path randomDir, BundledModel bundle) {
        if (configured != null) {
            return configured;
        }
        if (bundle.available()) {
            Path dir = bundle.unpack(bundledDir);
            log.info("No model configured (codesynth.generation.model-dir): using the bundled demo model in {}. It "
                    + "solves the demo task family only (see models/README.md); set codesynth.generation.model-dir to a "
                    + "Dream / DiffuCoder checkpoint for anything else.", dir.toAbsolutePath().normalize());
            return dir;
        }
        if (!Files.isRegularFile(randomDir.resolve("config.json"))) {
            RandomDreamCheckpoint.write(randomDir, RandomDreamCheckpoint.Dimensions.tiny(), SEED);
            log.info("Wrote a tiny random Dream checkpoint to {}", randomDir.toAbsolutePath());
        }
        log.warn("""

                ********************************************************************************
                * No model configured (codesynth.generation.model-dir) and this build has no
                * bundled demo model: using a tiny RANDOM model from {}.
                * Every candidate it generates is random text and will fail verification.
                * Set codesynth.generation.model-dir to a trained Dream / DiffuCoder checkpoint.
                ********************************************************************************""",
                randomDir.toAbsolutePath().normalize());
        return randomDir;
    }
}
