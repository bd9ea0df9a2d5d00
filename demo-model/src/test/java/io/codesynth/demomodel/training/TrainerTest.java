package io.codesynth.demomodel.training;

import static io.codesynth.demomodel.training.DiffusionLossTest.EXAMPLES;
import static io.codesynth.demomodel.training.DiffusionLossTest.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.diffusion.model.ModelConfig;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    @Test
    void runsTheStepsWithProgressLinesAndPeriodicCheckpoints() throws Exception {
        Path tokenizer = dir.resolve("tokenizer");
        Files.createDirectories(tokenizer);
        RandomDreamCheckpoint.writeTokenizer(tokenizer); // any tokenizer files will do for the layout
        Path checkpoint = dir.resolve("checkpoint");
        List<String> lines = new ArrayList<>();
        Trainer trainer = new Trainer(2, 2, 3, 17);
        try (TrainableDream model = TrainableDream.initialise(TINY, 5);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), new LearningRateSchedule(1e-2, 1e-3, 2, 6))) {
            Trainer.Summary summary = trainer.train(model, step, EXAMPLES, checkpoint, tokenizer, lines::add);
            assertThat(summary.steps()).isEqualTo(6);
            assertThat(summary.lastMeanLoss()).isFinite().isPositive();
            assertThat(summary.tokensPerSecond()).isPositive();
        }
        assertThat(lines).filteredOn(line -> line.startsWith("step ")).hasSize(3);
        assertThat(lines.get(0)).matches("step 2/6  loss \\d+\\.\\d{4}  lr .*  \\d+ tokens/s");
        assertThat(lines).filteredOn(line -> line.startsWith("checkpoint at step ")).hasSize(2);
        assertThat(ModelConfig.read(checkpoint.resolve("config.json")).vocabSize()).isEqualTo(TINY.vocabSize());
        assertThat(checkpoint.resolve("model.safetensors")).isRegularFile();
        assertThat(checkpoint.resolve("tokenizer.json")).isRegularFile();
    }

    @Test
    void aSpentTimeBudgetEndsTheRunAfterTheCurrentStepWithAProgressLineAndACheckpoint() throws Exception {
        Path tokenizer = dir.resolve("tokenizer");
        Files.createDirectories(tokenizer);
        RandomDreamCheckpoint.writeTokenizer(tokenizer);
        Path checkpoint = dir.resolve("checkpoint");
        List<String> lines = new ArrayList<>();
        List<Integer> completed = new ArrayList<>();
        Trainer trainer = new Trainer(2, 100, 0, 17);
        try (TrainableDream model = TrainableDream.initialise(TINY, 5);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), new LearningRateSchedule(1e-2, 1e-3, 2, 1000))) {
            Trainer.Summary summary = trainer.train(model, step, EXAMPLES, checkpoint, tokenizer, lines::add, Duration.ZERO,
                    completed::add);
            assertThat(summary.steps()).isEqualTo(1);
        }
        assertThat(completed).containsExactly(1);
        assertThat(lines.get(0)).matches("step 1/1000  loss \\d+\\.\\d{4}  lr .*  \\d+ tokens/s  elapsed 0:00  remaining 0:00");
        assertThat(lines.get(1)).startsWith("checkpoint at step 1 ");
        assertThat(checkpoint.resolve("config.json")).isRegularFile();
    }

    @Test
    void aScheduleReplacedMidRunMovesTheEndOfTheRun() throws Exception {
        Path tokenizer = dir.resolve("tokenizer");
        Files.createDirectories(tokenizer);
        RandomDreamCheckpoint.writeTokenizer(tokenizer);
        List<String> lines = new ArrayList<>();
        try (TrainableDream model = TrainableDream.initialise(TINY, 5);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), new LearningRateSchedule(1e-2, 1e-3, 2, 1000))) {
            Trainer.Summary summary = new Trainer(2, 1, 0, 17).train(model, step, EXAMPLES, dir.resolve("checkpoint"),
                    tokenizer, lines::add, Trainer.UNLIMITED, completed -> {
                        if (completed == 2) {
                            step.reschedule(new LearningRateSchedule(1e-2, 1e-3, 2, 5));
                        }
                    });
            assertThat(summary.steps()).isEqualTo(5);
        }
        assertThat(lines).filteredOn(line -> line.startsWith("step ")).extracting(line -> line.split(" ")[1])
                .containsExactly("1/1000", "2/1000", "3/5", "4/5", "5/5");
    }
}
