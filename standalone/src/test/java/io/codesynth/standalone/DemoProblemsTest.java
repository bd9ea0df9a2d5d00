package io.codesynth.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DemoProblemsTest {

    @Test
    void theBundledProblemsAreFiveHumanEvalTasks() throws IOException {
        DemoProblems problems = DemoProblems.bundled();

        assertThat(problems.taskIds())
                .containsExactly("HumanEval/0", "HumanEval/2", "HumanEval/13", "HumanEval/23", "HumanEval/28");
        assertThat(problems.describe()).isEqualTo("5 problems (bundled with CodeSynth, HumanEval format)");
        assertThat(DemoProblems.class.getResource("/demo/LICENSE")).as("the data set's licence ships with it").isNotNull();
    }

    @Test
    void theDemoModelsProblemsAreTheFirstHeldOutOnesOfItsFamily() {
        DemoProblems problems = DemoProblems.heldOut(3);

        assertThat(problems.taskIds()).containsExactly("CodeSynthDemo/heldout/0", "CodeSynthDemo/heldout/1",
                "CodeSynthDemo/heldout/2");
        assertThat(problems.describe())
                .isEqualTo("3 problems (held-out problems of the demo model's task family, HumanEval format)");
        assertThat(new String(problems.ndjson(), StandardCharsets.UTF_8).lines().toList()).hasSize(3).first().isEqualTo(
                io.codesynth.demomodel.HumanEvalWriter.toJsonLine(
                        new io.codesynth.demomodel.ProblemGenerator(42).generate(io.codesynth.demomodel.Split.HELD_OUT, 0)));
    }

    @Test
    void mbppLinesWithNumericTaskIdsAreSubmittedAsTheyAre() {
        byte[] ndjson = """
                {"task_id": 11, "text": "Write a python function to remove first and last occurrence of a given character.", \
                "code": "def remove_Occ(s,ch): return s", "test_list": ["assert remove_Occ(\\"hello\\",\\"l\\") == \\"heo\\""], \
                "test_setup_code": "", "challenge_test_list": []}
                {"task_id": "HumanEval/0", "prompt": "def f():\\n", "entry_point": "f", "test": "def check(c): pass"}
                """.getBytes(StandardCharsets.UTF_8);

        DemoProblems problems = DemoProblems.parse("mixed.jsonl", ndjson);

        assertThat(problems.taskIds()).containsExactly("11", "HumanEval/0");
        assertThat(problems.formats()).containsExactly("MBPP", "HumanEval");
        assertThat(problems.describe()).isEqualTo("2 problems (mixed.jsonl, MBPP and HumanEval format)");
        assertThat(problems.ndjson()).as("sent to the gateway unchanged").isEqualTo(ndjson);
    }

    @Test
    void aLineThatIsNotAProblemIsNamed() {
        byte[] ndjson = "{\"task_id\": \"a/1\"}\n\nnot json\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DemoProblems.parse("p.jsonl", ndjson)).hasMessageStartingWith("p.jsonl line 3 is not JSON");
        assertThatThrownBy(() -> DemoProblems.parse("p.jsonl", "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("p.jsonl line 1 has no task_id (HumanEval or MBPP format expected)");
        assertThatThrownBy(() -> DemoProblems.parse("p.jsonl", new byte[0])).hasMessage("p.jsonl holds no problems");
    }
}
