package io.codesynth.gateway.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.gateway.problem.FieldError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-level details of the NDJSON reader that the HTTP tests do not reach. */
class NdjsonJobReaderTest {

    private static final String HE = """
            {"task_id": "HumanEval/%d", "prompt": "def f():\\n", "entry_point": "f", "test": "def check(c): pass", "canonical_solution": "    return 1\\n"}""";

    private final Violations violations = new Violations();

    @Test
    void readsHumanEvalLinesSkippingBlankOnesAndIgnoringExtraFields() throws IOException {
        JobDraft draft = read("\uFEFF" + HE.formatted(0) + "\r\n\r\n" + HE.formatted(1) + "\n", "language=javascript&samples=3&seed=7");

        assertThat(violations.list()).isEmpty();
        assertThat(draft.problems()).extracting(p -> p.taskId()).containsExactly("HumanEval/0", "HumanEval/1");
        assertThat(draft.problems()).allSatisfy(p -> {
            assertThat(p.format()).isEqualTo(ProblemFormat.HUMANEVAL);
            assertThat(p.language()).isEqualTo(Language.JAVASCRIPT);
            assertThat(p.tests()).containsExactly("def check(c): pass");
        });
        assertThat(draft.samplesPerTask()).isEqualTo(3);
        assertThat(draft.decoding().seed()).isEqualTo(7L);
        assertThat(draft.decoding().steps()).isEqualTo(DecodingSettings.defaults().steps());
    }

    @Test
    void heldOutTestOfAHumanEvalLineBecomesItsHeldOutTest() throws IOException {
        String withHeldOut = """
                {"task_id": "T/0", "prompt": "def f():\\n", "entry_point": "f", "test": "def check(c): pass", \
                "held_out_test": "def check(c): assert c() == 1"}""";
        String blankHeldOut = """
                {"task_id": "T/1", "prompt": "def f():\\n", "entry_point": "f", "test": "def check(c): pass", \
                "held_out_test": " "}""";

        JobDraft draft = read(withHeldOut + "\n" + blankHeldOut + "\n" + HE.formatted(2), "");

        assertThat(violations.list()).isEmpty();
        assertThat(draft.problems()).extracting(p -> p.heldOutTests()).containsExactly(
                List.of("def check(c): assert c() == 1"), List.of(), List.of());
        assertThat(draft.problems().getFirst().tests()).containsExactly("def check(c): pass");
    }

    @Test
    void heldOutTestMustBeAString() throws IOException {
        String line = """
                {"task_id": "T/0", "prompt": "def f():\\n", "entry_point": "f", "test": "def check(c): pass", \
                "held_out_test": ["def check(c): pass"]}""";

        JobDraft draft = read(HE.formatted(0) + "\n" + line + "\n", "");

        assertThat(draft).isNull();
        assertThat(violations.list()).containsExactly(new FieldError("held_out_test", 2, "must be a string"));
    }

    @Test
    void lineNumbersCountBlankLines() throws IOException {
        read(HE.formatted(0) + "\n\n\n{\"task_id\": \"x\", \"prompt\": 3}\n", "");

        assertThat(violations.list()).contains(
                new FieldError("prompt", 4, "must be a string"),
                new FieldError("entry_point", 4, "is required (a HumanEval line has task_id, prompt, entry_point and test)"));
    }

    @Test
    void reportsBytesThatAreNotUtf8() throws IOException {
        byte[] body = (HE.formatted(0) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[body.length + 3];
        System.arraycopy(body, 0, broken, 0, body.length);
        broken[body.length] = (byte) 0xC3;
        broken[body.length + 1] = (byte) 0x28;
        broken[body.length + 2] = '\n';

        NdjsonJobReader.read(new ByteArrayInputStream(broken), QueryParameters.parse("", violations), violations);

        assertThat(violations.list()).extracting(FieldError::message).anyMatch(m -> m.contains("not valid UTF-8"));
    }

    @Test
    void mbppTaskIdsMayBeNumbers() throws IOException {
        JobDraft draft = read("{\"task_id\": 601, \"text\": \"Write f.\", \"test_list\": [\"assert f() == 1\"], \"test_setup_code\": \"\"}", "");

        assertThat(violations.list()).isEmpty();
        assertThat(draft.problems()).singleElement().satisfies(p -> {
            assertThat(p.taskId()).isEqualTo("601");
            assertThat(p.format()).isEqualTo(ProblemFormat.MBPP);
            assertThat(p.entryPoint()).isNull();
            assertThat(p.testSetupCode()).isNull();
        });
    }

    private JobDraft read(String body, String query) throws IOException {
        return NdjsonJobReader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                QueryParameters.parse(query, violations), violations);
    }
}
