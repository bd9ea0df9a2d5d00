package io.codesynth.standalone;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the user chose for one run, beyond ports, that services derive their own properties from: where the
 * data lives, which checkpoint the generation worker decodes with and whether candidates run sandboxed.
 *
 * @param dataDir     the data directory, absolute
 * @param modelDir    the checkpoint directory given with {@code --model}, absolute; empty runs the tiny random
 *                    checkpoint the generation worker writes under the data directory
 * @param unsandboxed {@code --unsandboxed}: the verification worker runs candidates without bubblewrap
 *                    (development only); otherwise it runs them sandboxed or refuses to start
 */
record RunSettings(Path dataDir, Optional<Path> modelDir, boolean unsandboxed) {

    RunSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        modelDir = modelDir.map(dir -> dir.toAbsolutePath().normalize());
    }

    static RunSettings of(StandaloneOptions options) {
        return new RunSettings(options.dataDir(), Optional.ofNullable(options.modelDir()), options.unsandboxed());
    }

    /** Where the generation worker unpacks the bundled demo model when no model is given (not the working directory). */
    Path bundledModelDir() {
        return dataDir.resolve("models").resolve("demo");
    }

    /** Where the generation worker writes a tiny random checkpoint when no model is given and none is bundled. */
    Path fallbackModelDir() {
        return dataDir.resolve("models").resolve("tiny-random");
    }
}
