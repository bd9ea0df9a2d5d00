package io.codesynth.generation.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.Language;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptFormatterTest {

    private static final String HUMANEVAL_PROMPT = "def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n";

    private static final Problem HUMANEVAL = new Problem("HumanEval/0", ProblemFormat.HUMANEVAL, Language.PYTHON,
            HUMANEVAL_PROMPT, "add", List.of("def check(candidate):\n    assert candidate(1, 2) == 3\n"), List.of(), null);

    private static final Problem MBPP = new Problem("Mbpp/1", ProblemFormat.MBPP, Language.PYTHON,
            "Write a function to find the minimum of two numbers.", null,
            List.of("assert minimum(1, 2) == 1", "assert minimum(5, 3) == 3"), List.of(), null);

    private final PromptFormatter instruct = new PromptFormatter(PromptFormat.INSTRUCT);
    private final PromptFormatter completion = new PromptFormatter(PromptFormat.COMPLETION);

    @Test
    void instructWrapsAHumanEvalPromptInTheChatTemplate() {
        assertThat(instruct.modelInput(HUMANEVAL)).isEqualTo("""
                <|im_start|>system
                You are a helpful assistant.<|im_end|>
                <|im_start|>user
                Complete the following python function:
                ```python
                def add(a, b):
                    \"\"\"Add two numbers.\"\"\"

                ```
                <|im_end|>
                <|im_start|>assistant
                """);
    }

    @Test
    void instructGivesMbppTheInstructionAndOnlyTheFirstTest() {
        String input = instruct.modelInput(MBPP);
        assertThat(input).startsWith("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
                + "Write a function to find the minimum of two numbers.\nYour code should pass this test:\n"
                + "```python\nassert minimum(1, 2) == 1\n```\n<|im_end|>\n<|im_start|>assistant\n");
        assertThat(input).doesNotContain("minimum(5, 3)");
    }

    @Test
    void completionPassesThePromptAsItIs() {
        assertThat(completion.modelInput(HUMANEVAL)).isEqualTo(HUMANEVAL_PROMPT);
        assertThat(completion.modelInput(MBPP)).isEqualTo(MBPP.prompt());
        assertThat(completion.modelInput("free text")).isEqualTo("free text");
        assertThat(completion.modelInputForCode("def f():", "python")).isEqualTo("def f():");
    }

    @Test
    void instructCompletionIsTheFirstFencedBlock() {
        String answer = "Here is the function:\n```python\ndef add(a, b):\n    return a + b\n```\n"
                + "And a test:\n```python\nassert add(1, 2) == 3\n```";
        assertThat(instruct.completion(answer)).isEqualTo("def add(a, b):\n    return a + b\n");
    }

    @Test
    void aBlockCutOffBeforeItsClosingFenceRunsToTheEnd() {
        assertThat(instruct.completion("```python\ndef add(a, b):\n    return a")).isEqualTo("def add(a, b):\n    return a");
        assertThat(instruct.completion("```\nx = 1\n")).isEqualTo("x = 1\n");
        assertThat(instruct.completion("Sure:\n```python")).isEmpty();
        assertThat(instruct.completion("```x = 1``` trailing")).isEqualTo("x = 1");
    }

    @Test
    void anAnswerWithoutFenceIsTheCode() {
        assertThat(instruct.completion("    return a + b\n")).isEqualTo("    return a + b\n");
        assertThat(instruct.completion("")).isEmpty();
    }

    @Test
    void completionFormatKeepsTheGeneratedText() {
        assertThat(completion.completion("    return a + b\n```python\nx\n```")).isEqualTo("    return a + b\n```python\nx\n```");
    }

    @Test
    void formatIsDetectedFromTheTokenizerAndCanBeForced() {
        assertThat(PromptFormat.detect(true)).isEqualTo(PromptFormat.INSTRUCT);
        assertThat(PromptFormat.detect(false)).isEqualTo(PromptFormat.COMPLETION);
        assertThat(PromptFormat.parse("auto")).isEmpty();
        assertThat(PromptFormat.parse(" Instruct ")).isEqualTo(Optional.of(PromptFormat.INSTRUCT));
        assertThat(PromptFormat.parse("completion")).isEqualTo(Optional.of(PromptFormat.COMPLETION));
        assertThatThrownBy(() -> PromptFormat.parse("chat")).hasMessageContaining("unknown prompt format 'chat'");
    }
}
