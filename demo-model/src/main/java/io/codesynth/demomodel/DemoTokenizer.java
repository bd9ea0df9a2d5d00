package io.codesynth.demomodel;

import io.codesynth.diffusion.tokenizer.Qwen2TokenizerConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the demo model's tokenizer: byte-level BPE learnt on the family's prompts and solutions, written as
 * Qwen2's slow-tokenizer files ({@code vocab.json}, {@code merges.txt}, {@code added_tokens.json}) and converted to
 * {@code tokenizer.json} by {@link Qwen2TokenizerConverter}, so it loads through the same code as DiffuCoder's.
 * Byte-level BPE encodes any text and decodes it back exactly.
 *
 * <p>The control tokens follow the vocabulary without a gap (the tokenizers library would renumber them otherwise),
 * in the order of {@link #SPECIAL_TOKENS}.
 */
public final class DemoTokenizer {

    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String MASK = "<|mask|>";
    /**
     * eos and pad ({@code <|endoftext|>}), mask, and Dream's padding token. No chat markers: the demo model
     * completes code, and without {@code <|im_start|>} the generation worker's automatic prompt format is
     * completion, as it should be for this model.
     */
    public static final List<String> SPECIAL_TOKENS = List.of(END_OF_TEXT, MASK, "<|dlm_pad|>");
    public static final int DEFAULT_MERGES = 2000;
    public static final int DEFAULT_CORPUS_PROBLEMS = 4000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DemoTokenizer() {
    }

    /** What the model sees of a problem: the prompt and, as the completion, the canonical solution. */
    public static List<String> corpus(List<GeneratedProblem> problems) {
        List<String> texts = new ArrayList<>(problems.size() * 2);
        for (GeneratedProblem problem : problems) {
            texts.add(problem.prompt());
            texts.add(problem.canonicalSolution());
        }
        return texts;
    }

    /**
     * Learns the tokenizer on the first {@code corpusProblems} training problems of {@code seed} and writes the slow
     * files and {@code tokenizer.json} into {@code dir}; returns the {@code tokenizer.json} path.
     */
    public static Path build(long seed, int corpusProblems, int merges, Path dir) {
        List<GeneratedProblem> problems = new ProblemGenerator(seed).generate(Split.TRAIN, 0, corpusProblems);
        return write(BytePairTrainer.train(corpus(problems), merges), dir);
    }

    /** Writes a learnt vocabulary and merges (plus {@link #SPECIAL_TOKENS}) into {@code dir}; returns tokenizer.json. */
    public static Path write(BytePairTrainer.Result learnt, Path dir) {
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        for (String token : learnt.vocabulary()) {
            if (vocabulary.putIfAbsent(token, vocabulary.size()) != null) {
                throw new IllegalStateException("token " + token + " learnt twice");
            }
        }
        Map<String, Integer> added = new LinkedHashMap<>();
        for (String special : SPECIAL_TOKENS) {
            added.put(special, vocabulary.size() + added.size());
        }
        StringBuilder mergeLines = new StringBuilder("#version: 0.2\n");
        for (String[] merge : learnt.merges()) {
            mergeLines.append(merge[0]).append(' ').append(merge[1]).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("vocab.json"), JSON.writeValueAsString(vocabulary));
            Files.writeString(dir.resolve("merges.txt"), mergeLines);
            Files.writeString(dir.resolve("added_tokens.json"), JSON.writeValueAsString(added));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the tokenizer files to " + dir, e);
        }
        return Qwen2TokenizerConverter.writeTokenizerJson(dir, dir.resolve("tokenizer.json"));
    }
}
