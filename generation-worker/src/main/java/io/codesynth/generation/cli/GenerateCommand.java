package io.codesynth.generation.cli;

import ai.djl.ndarray.NDManager;
import io.codesynth.diffusion.decoding.DecodeRequest;
import io.codesynth.diffusion.decoding.DecodeResult;
import io.codesynth.diffusion.decoding.DecodedCandidate;
import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.generation.model.LoadedModel;
import io.codesynth.generation.model.ModelLoader;
import io.codesynth.generation.model.ModelSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code generate}: decodes prompts with a checkpoint, without Kafka or Spring, and prints every candidate with its
 * figures. Exit status 0 on success (and for {@code --help}), 2 for a wrong command line, 1 when the model cannot be
 * loaded or run.
 */
public final class GenerateCommand {

    private GenerateCommand() {
    }

    public static void main(String[] args) {
        CliLogging.toStandardError();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        GenerateArguments arguments;
        try {
            arguments = GenerateArguments.parse(args);
        } catch (HelpRequested e) {
            out.print(GenerateArguments.USAGE);
            return 0;
        } catch (UsageException e) {
            err.println("generate: " + e.getMessage());
            err.println();
            err.print(GenerateArguments.USAGE);
            return 2;
        }
        ModelSettings settings = ModelSettings.defaults()
                .withDevice(arguments.device())
                .withIntraOpThreads(arguments.threads())
                .withPromptFormat(arguments.format());
        try (LoadedModel model = ModelLoader.load(arguments.model(), settings)) {
            List<PromptFile.Prompt> prompts = arguments.prompt()
                    .map(text -> List.of(PromptFile.inline(text, model.prompts())))
                    .orElseGet(() -> PromptFile.read(arguments.promptsFile().orElseThrow(), model.prompts()));
            generate(model, prompts, arguments, out, err);
            return 0;
        } catch (UsageException e) {
            err.println("generate: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("generate: " + e.getMessage());
            return 1;
        }
    }

    private static void generate(LoadedModel model, List<PromptFile.Prompt> prompts, GenerateArguments arguments,
            PrintStream out, PrintStream err) {
        DecodingOptions options = arguments.options();
        List<DecodeRequest> requests = new ArrayList<>();
        for (PromptFile.Prompt prompt : prompts) {
            DecodeRequest request = new DecodeRequest(model.encode(prompt.modelInput()), options, arguments.samples());
            try {
                model.decoder().validate(request);
            } catch (IllegalArgumentException e) {
                throw new UsageException(prompt.id() + ": " + e.getMessage());
            }
            requests.add(request);
        }
        out.printf(Locale.ROOT, "model %s: %,d parameters on %s as %s, prompt format %s%s%n", model.info().name(),
                model.parameters(), model.info().device(), model.info().dtype(), model.prompts().format().id(),
                model.randomWeights() ? " (RANDOM weights: the output is random text)" : "");
        out.printf(Locale.ROOT, "decoding: %s%n%n", describe(options));
        err.printf(Locale.ROOT, "decoding %d prompt(s) x %d sample(s)...%n", prompts.size(), arguments.samples());
        DecodeResult result;
        try (NDManager manager = model.newManager()) {
            result = model.decoder().decode(manager, requests);
        }
        double seconds = result.elapsedNanos() / 1e9;
        for (int p = 0; p < prompts.size(); p++) {
            out.printf(Locale.ROOT, "=== %s (%d prompt tokens) ===%n", prompts.get(p).id(),
                    requests.get(p).promptIds().length);
            for (DecodedCandidate candidate : result.candidates().get(p)) {
                out.printf(Locale.ROOT,
                        "--- sample %d: %d forward passes, mean confidence %.3f, log-prob %.2f, %d tokens%s; decoded in %.2f s ---%n",
                        candidate.sampleIndex(), candidate.forwardPasses(), candidate.meanConfidence(),
                        candidate.logProbability(), candidate.tokenIds().size(),
                        candidate.stopped() ? " (stopped)" : "", seconds);
                out.println(candidate.text());
            }
            out.println();
        }
        out.printf(Locale.ROOT, "%d candidates in %.2f s: %d forward passes of the model, %.2f forward passes per "
                        + "token, %.1f tokens/s%n", result.candidates().stream().mapToInt(List::size).sum(), seconds,
                result.modelForwards(), result.forwardPassesPerToken(), result.tokensPerSecond());
    }

    static String describe(DecodingOptions options) {
        StringBuilder text = new StringBuilder(options.algorithm().id());
        if (options.usesThreshold()) {
            text.append(", threshold ").append(options.threshold());
        } else {
            text.append(", ").append(options.steps()).append(" steps");
        }
        text.append(", ").append(options.maxNewTokens()).append(" new tokens");
        if (options.blockLength() != null) {
            text.append(", blocks of ").append(options.blockLength());
        }
        text.append(String.format(Locale.ROOT, ", temperature %s, top-p %s", options.temperature(), options.topP()));
        if (options.effectiveTopK() > 0) {
            text.append(", top-k ").append(options.topK());
        }
        return text.append(", seed ").append(options.seed()).toString();
    }
}
