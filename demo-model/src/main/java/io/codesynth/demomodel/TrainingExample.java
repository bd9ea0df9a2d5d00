package io.codesynth.demomodel;

import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One training sequence: the prompt (never masked) and the completion the masked-diffusion objective learns,
 * which is the canonical solution followed by {@code <|endoftext|>}.
 */
public record TrainingExample(String taskId, long[] promptIds, long[] completionIds) {

    public int length() {
        return promptIds.length + completionIds.length;
    }

    /** Tokenises {@code problem} with {@code tokenizer}; the completion ends with one {@code <|endoftext|>}. */
    public static TrainingExample of(GeneratedProblem problem, ModelTokenizer tokenizer) {
        long[] solution = tokenizer.encode(problem.canonicalSolution());
        return new TrainingExample(problem.taskId(), tokenizer.encode(problem.prompt()),
                filled(solution, solution.length + 1, endOfText(tokenizer)));
    }

    /**
     * Tokenises {@code problem} with its completion filled to exactly {@code completionTokens} with
     * {@code <|endoftext|>}, or empty when the solution and one end token do not fit.
     *
     * <p>This is how Dream and LLaDA fine-tune: decoding unmasks a fixed window of {@code max_new_tokens}
     * positions and keeps the text before the first end token, so the model must learn to fill everything after
     * the solution with end tokens. Trained on one end token only, it would meet a window of masks past the
     * solution that it never saw.
     */
    public static Optional<TrainingExample> padded(GeneratedProblem problem, ModelTokenizer tokenizer, int completionTokens) {
        long[] solution = tokenizer.encode(problem.canonicalSolution());
        if (solution.length + 1 > completionTokens) {
            return Optional.empty();
        }
        long[] completion = filled(solution, completionTokens, endOfText(tokenizer));
        return Optional.of(new TrainingExample(problem.taskId(), tokenizer.encode(problem.prompt()), completion));
    }

    /** {@code solution} followed by {@code end} up to {@code length} ids. */
    private static long[] filled(long[] solution, int length, long end) {
        long[] ids = Arrays.copyOf(solution, length);
        Arrays.fill(ids, solution.length, length, end);
        return ids;
    }

    private static long endOfText(ModelTokenizer tokenizer) {
        return tokenizer.tokenId(DemoTokenizer.END_OF_TEXT).orElseThrow(() ->
                new IllegalArgumentException("the tokenizer has no " + DemoTokenizer.END_OF_TEXT + " token"));
    }
}
