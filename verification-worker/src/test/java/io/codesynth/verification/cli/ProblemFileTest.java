package io.codesynth.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field mapping of problem files that the end-to-end {@code verify} tests do not pin down. */
class ProblemFileTest {

    private static final String HUMANEVAL = """
            {"task_id": "T/%d", "prompt": "def f():\\n", "entry_point": "f", "test": "def check(c): pass"%s}""";

    @Test
    void heldOutTestOfAHumanEvalLineBecomesItsHeldOutTest() throws IOException {
        Map<String, ProblemFile.Entry> entries = read(
                HUMANEVAL.formatted(0, ", \"held_out_test\": \"def check(c): assert c() == 1\""),
                HUMANEVAL.formatted(1, ", \"held_out_test\": \"\""),
                HUMANEVAL.formatted(2, ", \"held_out_test\": null"),
                HUMANEVAL.formatted(3, ""));

        assertThat(entries.values()).extracting(e -> e.problem().heldOutTests()).containsExactly(
                List.of("def check(c): assert c() == 1"), List.of(), List.of(), List.of());
        assertThat(entries.get("T/0").problem().tests()).containsExactly("def check(c): pass");
    }

    @Test
    void heldOutTestMustBeAString() {
        assertThatThrownBy(() -> read(HUMANEVAL.formatted(0, ""),
                HUMANEVAL.formatted(1, ", \"held_out_test\": [\"def check(c): pass\"]")))
                .isInstanceOf(IOException.class)
                .hasMessage("problems.jsonl line 2: held_out_test must be a string");
    }

    private static Map<String, ProblemFile.Entry> read(String... lines) throws IOException {
        byte[] body = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        return ProblemFile.read(new ByteArrayInputStream(body), "problems.jsonl");
    }
}
