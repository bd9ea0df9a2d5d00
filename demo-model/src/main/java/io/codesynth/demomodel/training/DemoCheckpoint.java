package io.codesynth.demomodel.training;

import io.codesynth.diffusion.weights.SafetensorsDType;
import io.codesynth.diffusion.weights.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a trained demo model as a Dream checkpoint diffusion-lm loads like any other: {@code model.safetensors}
 * (F32, Hugging Face names), the demo tokenizer's files, and {@code config.json} last, whose presence marks a
 * complete checkpoint.
 */
public final class DemoCheckpoint {

    /** The tokenizer files copied from the tokenizer directory; tokenizer.json is the one diffusion-lm reads. */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "vocab.json", "merges.txt", "added_tokens.json");

    private DemoCheckpoint() {
    }

    /** Writes {@code model} with the tokenizer in {@code tokenizerDir} into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir, TrainableDream model, Path tokenizerDir) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("config.json"));
            for (String file : TOKENIZER_FILES) {
                Path source = tokenizerDir.resolve(file);
                if (!Files.isRegularFile(source)) {
                    throw new IllegalArgumentException("the tokenizer directory " + tokenizerDir + " has no " + file);
                }
                Files.copy(source, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            model.snapshot().forEach((name, tensor) -> writer.add(name, SafetensorsDType.F32, tensor.shape(), tensor.values()));
            writer.write(dir.resolve("model.safetensors"));
            Files.writeString(dir.resolve("config.json"), model.architecture().configJson());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo checkpoint to " + dir, e);
        }
    }
}
