package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemasTest {

    @Test
    void eachMessageTypeHasASchemaFileOnTheClasspath() {
        assertThat(Schemas.fileName(JobSubmitted.class)).isEqualTo("job-submitted.v1.schema.json");
        assertThat(Schemas.fileName(VerificationReport.class)).isEqualTo("verification-report.v1.schema.json");
        assertThat(Schemas.resource(TaskCompleted.class)).isEqualTo("schemas/task-completed.v1.schema.json");
        assertThat(Schemas.id(CandidateBatch.class))
                .isEqualTo(URI.create("https://codesynth.io/schemas/candidate-batch.v1.schema.json"));
        for (Class<? extends PipelineMessage> type : MessageTypes.all()) {
            assertThat(Schemas.class.getClassLoader().getResource(Schemas.resource(type)))
                    .as(type.getName())
                    .isNotNull();
            assertThat(Schemas.read(type)).contains("\"$id\": \"" + Schemas.id(type) + "\"");
        }
    }

    @Test
    void theFileListHasTheSixMessagesAndTheCommonDefinitions() {
        assertThat(Schemas.fileNames()).containsExactly(
                "job-submitted.v1.schema.json", "generation-request.v1.schema.json",
                "candidate-batch.v1.schema.json", "verification-report.v1.schema.json",
                "task-completed.v1.schema.json", "job-completed.v1.schema.json", "common.v1.schema.json");
        assertThat(Schemas.read(Schemas.COMMON)).contains("\"$defs\"");
    }

    @Test
    void onlySchemaFilesCanBeRead() {
        assertThatThrownBy(() -> Schemas.read("../application.yml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown schema file '../application.yml', expected one of [");
        assertThatThrownBy(() -> Schemas.read("README.md")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schemas.read(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReadmeTableMatchesTopicsTypesSchemasAndKeys() {
        List<String> rows = new ArrayList<>();
        for (String line : SchemaSupport.resource("/schemas/README.md").lines().toList()) {
            if (line.startsWith("| `codesynth.")) {
                rows.add(line.replace("`", ""));
            }
        }

        List<String> expected = new ArrayList<>();
        for (Class<? extends PipelineMessage> type : MessageTypes.all()) {
            String key = GoldenMessages.of(type).messageKey().equals(GoldenMessages.JOB_ID.toString())
                    ? "job id" : "task key";
            expected.add("| " + MessageTypes.topicOf(type) + " | " + MessageTypes.typeName(type) + " | "
                    + Schemas.fileName(type) + " | " + key + " |");
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }
}
