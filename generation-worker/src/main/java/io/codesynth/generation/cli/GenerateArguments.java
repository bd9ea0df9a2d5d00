package io.codesynth.generation.cli;

import io.codesynth.diffusion.decoding.DecodingOptions;
import io.codesynth.diffusion.decoding.UnmaskingAlgorithm;
import io.codesynth.generation.model.DeviceChoice;
import io.codesynth.generation.prompt.PromptFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code generate}.
 *
 * @param prompt      one prompt given inline; empty when {@code promptsFile} is given
 * @param promptsFile JSON lines with a {@code prompt} each; empty when {@code prompt} is given
 * @param format      the prompt format; empty picks it from the tokenizer
 * @param threads     intra-op threads; 0 keeps the engine's default
 */
record GenerateArguments(
        Path model,
        Optional<String> prompt,
        Optional<Path> promptsFile,
        int samples,
        DecodingOptions options,
        Optional<PromptFormat> format,
        DeviceChoice device,
        int threads) {

    static final String USAGE = """
            usage: generate --model DIR (--prompt TEXT | --prompts FILE.jsonl) [options]

              --model DIR            checkpoint directory (config.json, *.safetensors, tokenizer.json or vocab.json + merges.txt)
              --prompt TEXT          one prompt (use --prompt=TEXT if it starts with --)
              --prompts FILE.jsonl   one JSON object per line with "prompt" (and optionally "task_id", and "entry_point"
                                     for a HumanEval-style code prefix)
              --samples N            candidates per prompt (default 1)
              --alg NAME             entropy (default), maskgit_plus, topk_margin or origin
              --steps S              diffusion steps (default: max-new-tokens, one token per step)
              --max-new-tokens M     generated positions (default 256)
              --temperature T        sampling temperature, 0 = greedy (default 0.4)
              --top-p P              nucleus filtering (default 0.95)
              --top-k K              top-k filtering (default off)
              --block-length B       block semi-autoregressive decoding with blocks of B tokens (default off)
              --threshold X          confidence-threshold parallel decoding, e.g. 0.9 (default off: fixed steps)
              --seed K               base seed; sample i uses a seed derived from it (default 0)
              --format F             instruct or completion (default: instruct when the tokenizer has <|im_start|>)
              --device D             auto (default), cpu or gpu
              --threads N            intra-op threads (default: the engine's)
            """;

    private static final Set<String> OPTIONS = Set.of("model", "prompt", "prompts", "samples", "alg", "steps",
            "max-new-tokens", "temperature", "top-p", "top-k", "block-length", "threshold", "seed", "format", "device",
            "threads");

    /** @throws UsageException saying what is wrong */
    static GenerateArguments parse(String[] args) {
        CommandLine line = CommandLine.parse(args, List.of("generate"), OPTIONS);
        Path model = Path.of(line.required("model"));
        Optional<String> prompt = line.text("prompt");
        Optional<Path> promptsFile = line.path("prompts");
        if (prompt.isPresent() == promptsFile.isPresent()) {
            throw new UsageException("give exactly one of --prompt and --prompts");
        }
        int samples = line.integer("samples").orElse(1);
        if (samples < 1) {
            throw new UsageException("option --samples must be at least 1, got " + samples);
        }
        int threads = line.integer("threads").orElse(0);
        if (threads < 0) {
            throw new UsageException("option --threads must not be negative, got " + threads);
        }
        Optional<PromptFormat> format = line.parsed("format", PromptFormat::parse).flatMap(f -> f);
        DeviceChoice device = line.parsed("device", DeviceChoice::parse).orElse(DeviceChoice.AUTO);
        return new GenerateArguments(model, prompt, promptsFile, samples, decodingOptions(line), format, device, threads);
    }

    /** DiffuCoder's defaults with the options given on the command line. */
    static DecodingOptions decodingOptions(CommandLine line) {
        DecodingOptions defaults = DecodingOptions.defaults();
        int maxNewTokens = line.integer("max-new-tokens").orElse(defaults.maxNewTokens());
        DecodingOptions.Builder options = defaults.toBuilder()
                .algorithm(line.parsed("alg", UnmaskingAlgorithm::fromId).orElse(defaults.algorithm()))
                .maxNewTokens(maxNewTokens)
                .steps(line.integer("steps").orElse(maxNewTokens))
                .temperature(line.number("temperature").orElse(defaults.temperature()))
                .topP(line.number("top-p").orElse(defaults.topP()))
                .topK(line.integer("top-k").orElse(null))
                .blockLength(line.integer("block-length").orElse(null))
                .threshold(line.number("threshold").orElse(null))
                .seed(line.longValue("seed").orElse(0L));
        try {
            return options.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
