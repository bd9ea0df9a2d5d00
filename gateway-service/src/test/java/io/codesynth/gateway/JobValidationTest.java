package io.codesynth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input is answered with a problem that points at it, and publishes nothing. */
class JobValidationTest extends GatewayTestSupport {

    private static final String HE_LINE = """
            {"task_id": "T/%s", "prompt": "def f():\\n", "entry_point": "f", "test": "def check(c):\\n    assert c() is None\\n"}""";
    private static final String JSON_PROBLEM = """
            {"taskId": "a", "prompt": "def f():\\n", "entryPoint": "f", "tests": ["def check(c): pass"]}""";

    /** A bad request, what the answer must say, and where it must point. */
    record BadInput(String name, String contentType, String query, String body,
                    int status, String type, String field, Integer line, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badInputs() {
        String he1 = HE_LINE.formatted(1);
        String he2 = HE_LINE.formatted(2);
        return Stream.of(
                new BadInput("malformed JSON", JSON, "", "{\"problems\": [\n  {\"taskId\": }\n]}",
                        400, "invalid-job", "body", 2, "malformed JSON"),
                new BadInput("malformed NDJSON line", NDJSON, "", he1 + "\n{\"task_id\": \"T/2\", \"prompt\n",
                        400, "invalid-job", "body", 2, "malformed JSON"),
                new BadInput("NDJSON line that is not an object", NDJSON, "", he1 + "\n\n[1, 2]\n",
                        400, "invalid-job", "body", 3, "must be a JSON object"),
                new BadInput("HumanEval line without entry_point", NDJSON, "", he1 + "\n" + he2.replace("\"entry_point\": \"f\", ", ""),
                        400, "invalid-job", "entry_point", 2, "is required"),
                new BadInput("MBPP line without test_list", NDJSON, "", "{\"task_id\": 7, \"text\": \"Write f.\"}",
                        400, "invalid-job", "test_list", 1, "is required"),
                new BadInput("JSON problem without prompt", JSON, "",
                        "{\"problems\": [" + JSON_PROBLEM + ", {\"taskId\": \"b\", \"entryPoint\": \"f\", \"tests\": [\"x\"]}]}",
                        400, "invalid-job", "problems[1].prompt", null, "is required"),
                new BadInput("JSON job without problems", JSON, "", "{\"name\": \"nothing\"}",
                        400, "invalid-job", "problems", null, "is required"),
                new BadInput("unknown language (NDJSON)", NDJSON, "language=cobol", he1,
                        400, "invalid-job", "language", null, "unknown language 'cobol'"),
                new BadInput("unknown language (JSON)", JSON, "",
                        "{\"problems\": [" + JSON_PROBLEM.replace("{\"taskId\"", "{\"language\": \"cobol\", \"taskId\"") + "]}",
                        400, "invalid-job", "problems[0].language", null, "unknown language 'cobol'"),
                new BadInput("unknown format", JSON, "",
                        "{\"problems\": [" + JSON_PROBLEM.replace("{\"taskId\"", "{\"format\": \"apps\", \"taskId\"") + "]}",
                        400, "invalid-job", "problems[0].format", null, "unknown problem format 'apps'"),
                new BadInput("unknown algorithm", NDJSON, "algorithm=beam", he1,
                        400, "invalid-job", "algorithm", null, "unknown decoding algorithm 'beam'"),
                new BadInput("empty problem list (JSON)", JSON, "", "{\"problems\": []}",
                        400, "invalid-job", "problems", null, "at least one problem"),
                new BadInput("empty problem list (NDJSON)", NDJSON, "", "\n  \n",
                        400, "invalid-job", "body", null, "contains no problems"),
                new BadInput("duplicate task id", NDJSON, "", he1 + "\n" + he2 + "\n" + he1,
                        400, "invalid-job", "task_id", 3, "duplicate task id 'T/1': already used by line 1"),
                new BadInput("zero samples per task", NDJSON, "samples=0", he1,
                        400, "invalid-job", "samples", null, "must be between 1 and 200, was 0"),
                new BadInput("too many samples per task", JSON, "", "{\"samplesPerTask\": 201, \"problems\": [" + JSON_PROBLEM + "]}",
                        400, "invalid-job", "samplesPerTask", null, "must be between 1 and 200, was 201"),
                new BadInput("temperature out of range", NDJSON, "temperature=3", he1,
                        400, "invalid-job", "temperature", null, "must be between 0 and 2, was 3.0"),
                new BadInput("decoding out of range (JSON)", JSON, "",
                        "{\"decoding\": {\"maxNewTokens\": 100, \"blockLength\": 32}, \"problems\": [" + JSON_PROBLEM + "]}",
                        400, "invalid-job", "decoding.blockLength", null, "must divide maxNewTokens (100)"),
                new BadInput("misspelt decoding field", JSON, "", "{\"decoding\": {\"temprature\": 1}, \"problems\": [" + JSON_PROBLEM + "]}",
                        400, "invalid-job", "decoding.temprature", null, "is not a known field"),
                new BadInput("query parameter of the wrong type", NDJSON, "samples=many", he1,
                        400, "invalid-job", "samples", null, "must be an integer, was 'many'"),
                new BadInput("unknown query parameter", NDJSON, "sample=3", he1,
                        400, "invalid-job", "sample", null, "is not a known query parameter"),
                new BadInput("query parameter with a JSON body", JSON, "samples=3", "{\"problems\": [" + JSON_PROBLEM + "]}",
                        400, "invalid-job", "samples", null, "apply to application/x-ndjson bodies only"),
                new BadInput("wrong content type", "text/plain", "", he1,
                        415, "unsupported-media-type", "Content-Type", null, "must be application/json, application/x-ndjson"),
                new BadInput("no content type", null, "", he1,
                        415, "unsupported-media-type", "Content-Type", null, "must be application/json"),
                new BadInput("body over the limit (Content-Length)", NDJSON, "", linesOfSize(70 * 1024),
                        413, "payload-too-large", "body", null, "must be at most 65536 bytes")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRejectedAndNothingIsPublished(BadInput input) {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> response = postJob(input.contentType(), input.query(), input.body(), bearer(ACME_KEY));

        assertProblem(response, input.status(), input.type(), input.field(), input.line(), input.message());
        assertNothingPublishedSince(before);
    }

    @Test
    void bodyOverTheLimitIsRejectedWhileStreaming() {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();
        byte[] body = linesOfSize(200 * 1024).getBytes(StandardCharsets.UTF_8);
        // ofInputStream has no known length, so the request is chunked and carries no Content-Length
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/jobs"))
                .header("Content-Type", NDJSON)
                .headers(bearer(ACME_KEY))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = send(request);

        assertProblem(response, 413, "payload-too-large", "body", null, "must be at most 65536 bytes");
        assertThat(json(response).get("detail").asString()).contains("codesynth.gateway.max-body-size");
        assertNothingPublishedSince(before);
    }

    @Test
    void everyErrorOfAJobIsReportedAtOnce() {
        String body = HE_LINE.formatted(1) + "\n{\"task_id\": \"T/2\"}\nnot json\n";

        HttpResponse<String> response = postJob(NDJSON, "samples=500&topP=0", body, bearer(ACME_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.get("detail").asString()).isEqualTo("The job has 6 errors; nothing was submitted.");
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asString() + "@" + (e.has("line") ? e.get("line").asInt() : "-"))
                .containsExactly("samples@-", "topP@-", "prompt@2", "entry_point@2", "test@2", "body@3");
    }

    @Test
    void unusableIdempotencyKeyIsRejected() {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> response = postJob(NDJSON, "", HE_LINE.formatted(1),
                "Authorization", "Bearer " + ACME_KEY, "Idempotency-Key", "x".repeat(300));

        assertProblem(response, 400, "invalid-request", "Idempotency-Key", null, "visible ASCII characters");
        assertNothingPublishedSince(before);
    }

    static void assertProblem(HttpResponse<String> response, int status, String type, String field, Integer line,
                              String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:codesynth:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo("/v1/jobs");
        assertThat(problem.get("errors")).as("errors").anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.has("line") ? error.get("line").asInt() : null).isEqualTo(line);
            assertThat(error.get("message").asString()).contains(message);
        });
    }

    /** Valid HumanEval lines adding up to at least {@code bytes}. */
    private static String linesOfSize(int bytes) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < bytes; i++) {
            body.append(HE_LINE.formatted(i)).append('\n');
        }
        return body.toString();
    }
}
