package io.codesynth.demomodel.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.codesynth.demomodel.GeneratedProblem;
import io.codesynth.diffusion.decoding.DecodeRequest;
import io.codesynth.diffusion.decoding.DecodeResult;
import io.codesynth.diffusion.decoding.DecoderSettings;
import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.diffusion.decoding.DiffusionDecoder;
import io.codesynth.diffusion.model.ComputeDevices;
import io.codesynth.diffusion.model.DreamModel;
import io.codesynth.diffusion.model.ModelOptions;
import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The training run's quality signal: a written checkpoint decodes held-out problems greedily (temperature 0,
 * one token per step, through diffusion-lm's loader and decoder, as the generation worker does), and a problem
 * counts when the text equals the canonical solution.
 *
 * <p>Exact match is a lower bound on the pass rate (a different program may pass too), and it needs no
 * execution: generated code runs only in the verification sandbox, never in the trainer's process. The pass
 * rates themselves are measured through the pipeline (see models/README.md).
 */
public final class GreedyExactMatch {

    /** How many of {@code problems} decoded to their canonical solution, and how long decoding took. */
    public record Score(int exact, int problems, double seconds) {

        public double rate() {
            return problems == 0 ? 0 : exact / (double) problems;
        }
    }

    private GreedyExactMatch() {
    }

    /** Decodes every problem's prompt with the checkpoint in {@code checkpointDir} in a window of {@code completionTokens}. */
    public static Score evaluate(Path checkpointDir, List<GeneratedProblem> problems, int completionTokens) {
        DecodingOptions greedy = DecodingOptions.defaults().toBuilder()
                .maxNewTokens(completionTokens).steps(completionTokens).temperature(0).build();
        try (DreamModel model = DreamModel.load(checkpointDir, ModelOptions.defaults().withDevice(Device.cpu()));
                ModelTokenizer tokenizer = ModelTokenizer.load(checkpointDir);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE)) {
            // the config's eos is the demo tokenizer's <|endoftext|>, the only stop token it needs
            DiffusionDecoder decoder = new DiffusionDecoder(model, DecoderSettings.forModel(model.config(),
                    tokenizer.idCount(), Set.of()), ids -> tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true));
            List<DecodeRequest> requests = new ArrayList<>();
            for (GeneratedProblem problem : problems) {
                int[] prompt = Arrays.stream(tokenizer.encode(problem.prompt())).mapToInt(Math::toIntExact).toArray();
                requests.add(new DecodeRequest(prompt, greedy, 1));
            }
            DecodeResult result = decoder.decode(manager, requests);
            int exact = 0;
            for (int i = 0; i < problems.size(); i++) {
                String text = result.candidates().get(i).getFirst().text();
                if (text.stripTrailing().equals(problems.get(i).canonicalSolution().stripTrailing())) {
                    exact++;
                }
            }
            return new Score(exact, problems.size(), result.elapsedNanos() / 1e9);
        }
    }
}
