package io.codesynth.demomodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.demomodel.DemoTokenizer;
import io.codesynth.demomodel.GeneratedProblem;
import io.codesynth.demomodel.ProblemGenerator;
import io.codesynth.demomodel.Split;
import io.codesynth.demomodel.TrainingExample;
import io.codesynth.diffusion.model.RandomDreamCheckpoint.Dimensions;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation end to end: a small model trained until it has memorised two problems decodes both to their
 * canonical solutions through diffusion-lm's loader and decoder, and the untrained model decodes neither.
 */
class GreedyExactMatchTest {

    static final int WINDOW = 40;

    @TempDir
    Path dir;

    @Test
    void aMemorisedProblemMatchesAndAnUntrainedModelDoesNot() {
        Path tokenizerDir = DemoTokenizer.build(3, 300, 300, dir.resolve("tokenizer")).getParent();
        List<GeneratedProblem> problems = new ProblemGenerator(3).generate(Split.TRAIN, 0, 12).stream()
                .filter(problem -> problem.canonicalSolution().length() < 60).limit(2).toList();
        try (ModelTokenizer tokenizer = ModelTokenizer.load(tokenizerDir)) {
            List<TrainingExample> examples = problems.stream()
                    .map(problem -> TrainingExample.padded(problem, tokenizer, WINDOW).orElseThrow()).toList();
            DemoArchitecture architecture = DemoArchitecture.of(new Dimensions(64, 2, 4, 2, 128, 256), tokenizer);
            Path checkpoint = dir.resolve("checkpoint");
            int steps = 400;
            try (TrainableDream model = TrainableDream.initialise(architecture, 1);
                    TrainingStep step = new TrainingStep(model, AdamW.Settings.defaults(),
                            new LearningRateSchedule(3e-3, 3e-4, 20, steps))) {
                DemoCheckpoint.write(checkpoint, model, tokenizerDir);
                GreedyExactMatch.Score untrained = GreedyExactMatch.evaluate(checkpoint, problems, WINDOW);
                assertThat(untrained.exact()).isZero();
                assertThat(untrained.problems()).isEqualTo(2);

                new Trainer(2, steps, 0, 5).train(model, step, examples, checkpoint, tokenizerDir, line -> {
                });
                GreedyExactMatch.Score trained = GreedyExactMatch.evaluate(checkpoint, problems, WINDOW);
                System.out.printf("memorised problems decoded exactly: %d of %d in %.2f s%n", trained.exact(),
                        trained.problems(), trained.seconds());
                assertThat(trained.exact()).isEqualTo(2);
                assertThat(trained.rate()).isEqualTo(1.0);
            }
        }
    }
}
