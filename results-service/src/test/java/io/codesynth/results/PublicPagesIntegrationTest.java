package io.codesynth.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.results.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description, the dashboard and the metrics, which need no API key. */
class PublicPagesIntegrationTest extends ServiceTestBase {

    @LocalServerPort
    int port;

    @Test
    void describesTheWholePublicApiIncludingTheGatewaysSubmission() {
        Response docs = new ApiClient(port).get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.body().get("paths");
        assertThat(paths.get("/v1/jobs").has("get")).isTrue();
        assertThat(paths.get("/v1/jobs").get("post").get("operationId").asString()).isEqualTo("submitJob");
        assertThat(paths.get("/v1/jobs").get("post").get("requestBody").get("content").has("application/x-ndjson"))
                .isTrue();
        assertThat(paths.has("/v1/jobs/{jobId}")).isTrue();
        assertThat(paths.has("/v1/jobs/{jobId}/tasks")).isTrue();
        assertThat(paths.has("/v1/jobs/{jobId}/tasks/{taskIndex}")).isTrue();
        assertThat(paths.get("/v1/jobs/{jobId}/events").get("get").get("responses").get("200").get("content")
                .has("text/event-stream")).isTrue();
        assertThat(paths.has("/v1/jobs/{jobId}/samples.jsonl")).isTrue();
        assertThat(paths.get("/v1/jobs/{jobId}").get("get").get("responses").has("403")).isTrue();
        JsonNode schemas = docs.body().get("components").get("schemas");
        assertThat(schemas.has("JobView")).isTrue();
        assertThat(schemas.has("JobSubmission")).isTrue();
        // the task's problem and the error document are different schemas
        assertThat(schemas.get("Problem").get("properties").has("prompt")).isTrue();
        assertThat(schemas.get("ProblemDocument").get("properties").has("detail")).isTrue();
        assertThat(schemas.get("JobView").get("properties").has("progress")).isTrue();
        assertThat(schemas.get("JobView").get("properties").has("workers")).isTrue();
        assertThat(schemas.get("CandidateView").get("properties").has("generatedBy")).isTrue();
        assertThat(schemas.get("CandidateView").get("properties").has("verifiedBy")).isTrue();
        assertThat(docs.body().get("components").get("securitySchemes").get("apiKey").get("scheme").asString())
                .isEqualTo("bearer");
    }

    @Test
    void servesTheDashboard() {
        ApiClient client = new ApiClient(port);
        Response root = client.getText("/", null);
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/dashboard/"));

        Response page = client.getText("/dashboard/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("<title>CodeSynth", "dashboard.js");
        Response script = client.getText("/dashboard/dashboard.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.text()).contains("/events", "sessionStorage").doesNotContain("access_token");
    }

    @Test
    void countsFinishedTasks() {
        Response metric = new ApiClient(port).get("/actuator/metrics/codesynth.results.tasks.finished", null);
        assertThat(metric.status()).isEqualTo(200);
        assertThat(metric.body().get("availableTags").toString()).contains("completed", "failed");
    }
}
