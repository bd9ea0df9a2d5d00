package io.codesynth.generation.prompt;

import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import java.util.Objects;

/**
 * Builds the model input for a problem and reads the completion out of the model's answer, in one
 * {@link PromptFormat}.
 */
public final class PromptFormatter {

    /** DiffuCoder-Instruct's chat template (Qwen2 style) with one user turn; the answer follows it. */
    static final String CHAT_TEMPLATE = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\n%s\n<|im_end|>\n<|im_start|>assistant\n";

    private static final String FENCE = "```";

    private final PromptFormat format;

    public PromptFormatter(PromptFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    public PromptFormat format() {
        return format;
    }

    /** The text the model sees for a problem of the pipeline. */
    public String modelInput(Problem problem) {
        return switch (format) {
            case COMPLETION -> problem.prompt();
            case INSTRUCT -> chat(query(problem));
        };
    }

    /**
     * The text the model sees for a HumanEval-style code prefix (signature and docstring) in {@code language}
     * ({@code python}, {@code javascript}): the prefix itself, or a request to complete the function.
     */
    public String modelInputForCode(String codePrefix, String language) {
        return switch (format) {
            case COMPLETION -> codePrefix;
            case INSTRUCT -> chat(completeFunctionQuery(codePrefix, language));
        };
    }

    /** The text the model sees for free text (the offline command's prompts): the text itself, or a chat turn. */
    public String modelInput(String text) {
        return switch (format) {
            case COMPLETION -> text;
            case INSTRUCT -> chat(text);
        };
    }

    /** The completion the pipeline verifies, from the model's generated text. */
    public String completion(String generated) {
        return switch (format) {
            case COMPLETION -> generated;
            case INSTRUCT -> extractCode(generated);
        };
    }

    /**
     * The request put to an instruct model: HumanEval problems ask to complete the function the prompt starts;
     * MBPP problems give the instruction and the first test, so the model learns the expected function name.
     */
    static String query(Problem problem) {
        String language = problem.language().id();
        if (problem.format() == ProblemFormat.HUMANEVAL) {
            return completeFunctionQuery(problem.prompt(), language);
        }
        return problem.prompt() + "\nYour code should pass this test:\n" + FENCE + language + "\n"
                + problem.tests().get(0) + "\n" + FENCE;
    }

    static String completeFunctionQuery(String codePrefix, String language) {
        return "Complete the following " + language + " function:\n" + FENCE + language + "\n" + codePrefix + "\n" + FENCE;
    }

    static String chat(String query) {
        return CHAT_TEMPLATE.formatted(query);
    }

    /**
     * The body of the first fenced code block ({@code ```lang ... ```}); a block the token budget cut off
     * before its closing fence counts up to the end. Without any fence the whole answer is the code.
     */
    static String extractCode(String answer) {
        int open = answer.indexOf(FENCE);
        if (open < 0) {
            return answer;
        }
        int lineEnd = answer.indexOf('\n', open + FENCE.length());
        int sameLineClose = answer.indexOf(FENCE, open + FENCE.length());
        if (sameLineClose >= 0 && (lineEnd < 0 || sameLineClose < lineEnd)) {
            // an inline block: ```x = 1```
            return answer.substring(open + FENCE.length(), sameLineClose);
        }
        if (lineEnd < 0) {
            // only an opening fence (with or without a language tag): there is no code yet
            return "";
        }
        int bodyStart = lineEnd + 1;
        int close = answer.indexOf(FENCE, bodyStart);
        return close < 0 ? answer.substring(bodyStart) : answer.substring(bodyStart, close);
    }
}
