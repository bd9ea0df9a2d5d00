package io.codesynth.demomodel;

/**
 * One problem of the family in HumanEval's shape, with its canonical solution.
 *
 * @param taskId            {@code CodeSynthDemo/train/17} or {@code CodeSynthDemo/heldout/17}
 * @param prompt            signature and docstring (with one or two examples), ending in a newline
 * @param entryPoint        the function's name
 * @param canonicalSolution the function body, indented, ending in a newline: the training completion
 * @param test              {@code def check(candidate):} with asserts on inputs the prompt does not show
 * @param heldOutTest       the same shape on yet other inputs, never used for ranking
 * @param composition       what the function computes
 */
public record GeneratedProblem(String taskId, String prompt, String entryPoint, String canonicalSolution, String test,
                               String heldOutTest, Composition composition) {

    public Split split() {
        return composition.split();
    }
}
