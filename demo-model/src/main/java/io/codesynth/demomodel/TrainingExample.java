package io.codesynth.demomodel;

import io.codesynth.diffusion.tokenizer.ModelTokenizer;

/**
 * One training sequence: the prompt (never masked) and the completion the masked-diffusion objective learns,
 * which is the canonical solution followed by {@code <|endoftext|>}.
 */
public record TrainingExample(String taskId, long[] promptIds, long[] completionIds) {

    public int length() {
        return promptIds.length + completionIds.length;
    }

    /** Tokenises {@code problem} with {@code tokenizer}, whose {@code <|endoftext|>} ends the completion. */
    public static TrainingExample of(GeneratedProblem problem, ModelTokenizer tokenizer) {
        int endOfText = tokenizer.tokenId(DemoTokenizer.END_OF_TEXT).orElseThrow(() ->
                new IllegalArgumentException("the tokenizer has no " + DemoTokenizer.END_OF_TEXT + " token"));
        long[] solution = tokenizer.encode(problem.canonicalSolution());
        long[] completion = java.util.Arrays.copyOf(solution, solution.length + 1);
        completion[solution.length] = endOfText;
        return new TrainingExample(problem.taskId(), tokenizer.encode(problem.prompt()), completion);
    }
}
