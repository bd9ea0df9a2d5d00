package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** How the shared mapper reads and writes the messages: tolerant of additions, strict about omissions. */
class PipelineJsonTest {

    static List<Class<? extends PipelineMessage>> messageTypes() {
        return MessageTypes.all();
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void unknownFieldsAreIgnoredAtEveryLevel(Class<? extends PipelineMessage> type) {
        JsonNode json = SchemaSupport.tree(SchemaSupport.golden(type));
        List<String> objects = SchemaContractTest.objectPointers(json, "").stream()
                .filter(pointer -> !pointer.endsWith("/passAtK")) // a map: every key is data
                .toList();
        for (String pointer : objects) {
            ObjectNode node = (ObjectNode) json.at(pointer);
            node.put("addedInVersion1_1", "ignored");
            node.putObject("futureObject").put("nested", true).putArray("list").add(1);
        }

        assertThat(objects).isNotEmpty();
        assertThat(PipelineJson.fromJson(PipelineJson.toJson(json), type)).isEqualTo(GoldenMessages.of(type));
        assertThat(SchemaSupport.errors(type, json)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /jobId                         | jobId is required
            /tenantId                      | tenantId is required
            /tasks/0/problem/prompt        | prompt is required
            /tasks/1/problem/tests         | tests is required
            /decoding/algorithm            | algorithm is required
            /schemaVersion                 | Missing required creator property 'schemaVersion'
            /samplesPerTask                | Missing required creator property 'samplesPerTask'
            /tasks/1/taskIndex             | Missing required creator property 'taskIndex'
            /decoding/temperature          | Missing required creator property 'temperature'
            """)
    void aMissingRequiredFieldFailsNamingTheField(String pointer, String message) {
        JsonNode json = SchemaSupport.tree(SchemaSupport.golden(JobSubmitted.class));
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) json.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));

        assertThatThrownBy(() -> PipelineJson.fromJson(PipelineJson.toJson(json), JobSubmitted.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining(message);
        assertThat(SchemaSupport.errors(JobSubmitted.class, json)).isNotEmpty();
    }

    @Test
    void requiredPrimitivesAreEnforcedInEveryMessage() {
        JsonNode json = SchemaSupport.tree(SchemaSupport.golden(VerificationReport.class));
        ((ObjectNode) json.at("/verdicts/0")).remove("sandboxed");

        // a missing boolean would otherwise read as false and mark a sandboxed run as unsandboxed
        assertThatThrownBy(() -> PipelineJson.fromJson(PipelineJson.toJson(json), VerificationReport.class))
                .hasMessageContaining("Missing required creator property 'sandboxed'")
                .hasMessageContaining("verdicts");
    }

    @Test
    void aBlankRequiredStringFailsNamingTheField() {
        ObjectNode json = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(JobCompleted.class));
        json.put("tenantId", "  ");

        assertThatThrownBy(() -> PipelineJson.fromJson(PipelineJson.toJson(json), JobCompleted.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("tenantId is required and must not be blank");
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void aNewerSchemaVersionIsRejected(Class<? extends PipelineMessage> type) {
        ObjectNode json = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(type));
        json.put("schemaVersion", PipelineMessage.SCHEMA_VERSION + 1);

        assertThatThrownBy(() -> PipelineJson.fromJson(PipelineJson.toJson(json), type))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("schemaVersion 2 is newer than the supported 1");
        assertThat(SchemaSupport.errors(type, json)).isNotEmpty();
    }

    @Test
    void aZeroSchemaVersionIsRejected() {
        ObjectNode json = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(TaskCompleted.class));
        json.put("schemaVersion", 0);

        assertThatThrownBy(() -> PipelineJson.fromJson(PipelineJson.toJson(json), TaskCompleted.class))
                .hasMessageContaining("schemaVersion is required and must be >= 1");
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void languagesAreWrittenAndReadAsLowerCaseIds(Language language) {
        Problem problem = new Problem("t/1", ProblemFormat.MBPP, language, "Write a function.", null,
                List.of("assert f() == 1"), null, null);

        JsonNode json = SchemaSupport.tree(PipelineJson.toJson(problem));

        assertThat(json.path("language").stringValue()).isEqualTo(language.name().toLowerCase());
        assertThat(json.path("format").stringValue()).isEqualTo("mbpp");
        assertThat(PipelineJson.fromJson(PipelineJson.toJson(json), Problem.class)).isEqualTo(problem);
    }

    @ParameterizedTest
    @EnumSource(DecodingAlgorithm.class)
    void decodingAlgorithmsAreWrittenAndReadAsLowerCaseIds(DecodingAlgorithm algorithm) {
        DecodingSettings defaults = DecodingSettings.defaults();
        DecodingSettings settings = new DecodingSettings(algorithm, defaults.steps(), defaults.maxNewTokens(),
                defaults.temperature(), defaults.topP(), 20, defaults.algTemp(), defaults.eps(), 32, 0.9, 7L);

        String json = PipelineJson.toJson(settings);

        assertThat(SchemaSupport.tree(json).path("algorithm").stringValue()).isEqualTo(algorithm.id());
        assertThat(PipelineJson.fromJson(json, DecodingSettings.class)).isEqualTo(settings);
    }

    @Test
    void enumIdsAreReadCaseInsensitivelyAndUnknownOnesAreNamed() {
        String json = """
                {"algorithm": "Entropy", "steps": 64, "maxNewTokens": 64, "temperature": 0.2, "topP": 1.0,
                 "algTemp": 0.0, "eps": 0.001}""";
        assertThat(PipelineJson.fromJson(json, DecodingSettings.class).algorithm())
                .isEqualTo(DecodingAlgorithm.ENTROPY);

        assertThatThrownBy(() -> PipelineJson.fromJson(json.replace("Entropy", "greedy"), DecodingSettings.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("unknown decoding algorithm 'greedy', expected one of origin, maskgit_plus,"
                        + " topk_margin, entropy");
        assertThatThrownBy(() -> PipelineJson.fromJson("\"cobol\"", Language.class))
                .hasMessageContaining("unknown language 'cobol', expected one of python, javascript");
    }

    @Test
    void statesAndVerdictsAreUpperCaseNames() {
        JsonNode task = SchemaSupport.tree(PipelineJson.toJson(GoldenMessages.taskCompleted()));
        JsonNode job = SchemaSupport.tree(PipelineJson.toJson(GoldenMessages.jobCompleted()));

        assertThat(task.path("state").stringValue()).isEqualTo("COMPLETED");
        assertThat(task.at("/ranked/4/verdict").stringValue()).isEqualTo("ERROR");
        assertThat(job.path("state").stringValue()).isEqualTo("COMPLETED");
        assertThat(PipelineJson.fromJson("\"COMPLETED_WITH_ERRORS\"", JobState.class))
                .isEqualTo(JobState.COMPLETED_WITH_ERRORS);
        assertThat(PipelineJson.fromJson("\"MEMORY_LIMIT\"", VerdictKind.class)).isEqualTo(VerdictKind.MEMORY_LIMIT);
    }

    @Test
    void instantsAreIso8601Strings() {
        JsonNode json = SchemaSupport.tree(PipelineJson.toJson(GoldenMessages.jobCompleted()));

        assertThat(json.path("submittedAt").isString()).isTrue();
        assertThat(json.path("submittedAt").stringValue()).isEqualTo("2025-06-02T09:15:30.250Z");
        assertThat(PipelineJson.toJson(Instant.parse("2025-06-02T09:15:30Z"))).isEqualTo("\"2025-06-02T09:15:30Z\"");
        assertThat(PipelineJson.fromJson("\"2025-06-02T11:15:30.250+02:00\"", Instant.class))
                .isEqualTo(GoldenMessages.SUBMITTED_AT);
    }

    @Test
    void equalMessagesSerialiseToEqualBytesWithMapsInKeyOrder() {
        Map<String, Double> reversed = new LinkedHashMap<>();
        reversed.put("pass@5", 1.0);
        reversed.put("pass@1", 0.5);
        JobCompleted golden = GoldenMessages.jobCompleted();
        JobCompleted other = new JobCompleted(1, golden.jobId(), golden.tenantId(), golden.jobName(), golden.state(),
                golden.tasksTotal(), golden.tasksCompleted(), golden.tasksFailed(), reversed, golden.submittedAt(),
                golden.completedAt());

        String json = PipelineJson.toJson(other);

        assertThat(json.indexOf("pass@1")).isLessThan(json.indexOf("pass@5"));
        assertThat(PipelineJson.toBytes(other)).isEqualTo(PipelineJson.toBytes(golden));
    }

    @Test
    void aNullListElementFailsNamingItsPosition() {
        ObjectNode json = (ObjectNode) SchemaSupport.tree(SchemaSupport.golden(CandidateBatch.class));
        ((ObjectNode) json.at("/candidates/0")).putArray("tokenIds").add(262).addNull();

        assertThatThrownBy(() -> PipelineJson.fromJson(PipelineJson.toJson(json), CandidateBatch.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("tokenIds[1] must not be null");
    }
}
