package io.codesynth.demomodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.codesynth.demomodel.DemoTokenizer;
import io.codesynth.demomodel.ProblemGenerator;
import io.codesynth.demomodel.Split;
import io.codesynth.demomodel.TrainingExample;
import io.codesynth.diffusion.model.ComputeDevices;
import io.codesynth.diffusion.model.DreamModel;
import io.codesynth.diffusion.model.ModelConfig;
import io.codesynth.diffusion.model.ModelOptions;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained demo model saved as a checkpoint is, to diffusion-lm, an ordinary Dream checkpoint with the same logits. */
class CheckpointParityTest {

    @TempDir
    static Path dir;
    static ModelTokenizer tokenizer;
    static List<TrainingExample> examples;
    static DemoArchitecture architecture;

    @BeforeAll
    static void smallTokenizerAndProblems() {
        DemoTokenizer.build(42, 300, 200, dir.resolve("tokenizer"));
        tokenizer = ModelTokenizer.load(dir.resolve("tokenizer"));
        examples = new ProblemGenerator(42).generate(Split.TRAIN, 0, 16).stream()
                .map(problem -> TrainingExample.of(problem, tokenizer)).toList();
        architecture = DemoArchitecture.of(new Dimensions(64, 2, 4, 2, 128, 512), tokenizer);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void aSavedCheckpointReloadsWithDreamModelToTheSameLogits() {
        Path checkpoint = dir.resolve("checkpoint");
        List<TrainingExample> batchExamples = examples.subList(0, 3);
        DiffusionBatch batch = DiffusionBatch.sample(batchExamples, architecture.maskId(), architecture.padId(),
                new SplittableRandom(9));
        try (TrainableDream model = TrainableDream.initialise(architecture, 4);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), new LearningRateSchedule(1e-2, 0, 0, 10));
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE)) {
            step.run(batch); // weights that are not the initial ones
            DemoCheckpoint.write(checkpoint, model, dir.resolve("tokenizer"));

            NDArray[] inputs = DiffusionLoss.inputs(manager, batch);
            float[] trained = model.forward(manager, inputs[0], inputs[1]).toFloatArray();

            ModelConfig config = ModelConfig.read(checkpoint.resolve("config.json"));
            assertThat(config.vocabSize()).isEqualTo(tokenizer.idCount());
            assertThat(config.maskTokenId()).isEqualTo(architecture.maskId());
            assertThat(config.shiftLogits()).isTrue();
            try (DreamModel loaded = DreamModel.load(checkpoint, ModelOptions.defaults().withDevice(Device.cpu()));
                    ModelTokenizer reloaded = ModelTokenizer.load(checkpoint)) {
                assertThat(reloaded.tokenId(DemoTokenizer.MASK)).hasValue(architecture.maskId());
                long[] mask = new long[batch.valid().length];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = (long) batch.valid()[i];
                }
                NDArray attention = manager.create(mask, new Shape(batch.batch(), batch.length()));
                float[] reference = loaded.forward(manager, inputs[0], attention).toFloatArray();
                assertThat(reference).hasSameSizeAs(trained);

                // compare at real positions only (pad rows are meaningless in both passes)
                int vocab = architecture.vocabSize();
                double largest = 0;
                int compared = 0;
                for (int position = 0; position < batch.valid().length; position++) {
                    if (batch.valid()[position] == 0) {
                        continue;
                    }
                    compared++;
                    for (int v = 0; v < vocab; v++) {
                        largest = Math.max(largest, Math.abs(reference[position * vocab + v] - trained[position * vocab + v]));
                    }
                }
                System.out.printf("largest logit difference over %d positions: %.2e%n", compared, largest);
                assertThat(compared).isEqualTo(batch.tokens());
                assertThat(largest).isLessThan(1e-5);
            }
        }
    }

    @Test
    void trainingStepThroughputOfAOneMillionParameterModel() {
        DemoArchitecture million = new DemoArchitecture(new Dimensions(128, 4, 4, 2, 384, 512), architecture.vocabSize(),
                architecture.maskId(), architecture.padId());
        SplittableRandom masking = new SplittableRandom(1);
        try (TrainableDream model = TrainableDream.initialise(million, 1);
                TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(), new LearningRateSchedule(1e-3, 1e-4, 2, 100))) {
            step.run(DiffusionBatch.sample(examples.subList(0, 8), million.maskId(), million.padId(), masking)); // warm-up
            long tokens = 0;
            long nanos = 0;
            double firstLoss = 0;
            double lastLoss = 0;
            for (int i = 0; i < 6; i++) {
                List<TrainingExample> slice = examples.subList((i % 2) * 8, (i % 2) * 8 + 8);
                TrainingStep.Result result = step.run(DiffusionBatch.sample(slice, million.maskId(), million.padId(), masking));
                tokens += result.tokens();
                nanos += result.nanos();
                firstLoss = i == 0 ? result.loss() : firstLoss;
                lastLoss = result.loss();
            }
            System.out.printf("%,d parameters, batch 8: %.0f tokens/s per training step (loss %.3f -> %.3f)%n",
                    million.parameterCount(), tokens * 1e9 / nanos, firstLoss, lastLoss);
            assertThat(Double.isFinite(lastLoss)).isTrue();
        }
    }
}
