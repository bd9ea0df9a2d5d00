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
        assertThat(DemoProblems.class.getResource("/demo/LICENSE")).as("the data set's licence ships with it").isNotNull();
    }

    @Test
    void aLineThatIsNotAProblemIsNamed() {
        byte[] ndjson = "{\"task_id\": \"a/1\"}\n\nnot json\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DemoProblems.parse("p.jsonl", ndjson)).hasMessageStartingWith("p.jsonl line 3 is not JSON");
        assertThatThrownBy(() -> DemoProblems.parse("p.jsonl", "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("p.jsonl line 1 has no task_id (HumanEval format expected)");
        assertThatThrownBy(() -> DemoProblems.parse("p.jsonl", new byte[0])).hasMessage("p.jsonl holds no problems");
    }
}
