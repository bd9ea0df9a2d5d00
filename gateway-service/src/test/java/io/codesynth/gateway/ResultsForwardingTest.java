package io.codesynth.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads go through the gateway to results-service and come back as results-service sent them. */
class ResultsForwardingTest extends GatewayTestSupport {

    @BeforeEach
    void resetFake() {
        FakeResultsService.reset();
    }

    @Test
    void jobReadIsForwardedWithKeyQueryAndAccept() {
        UUID jobId = UUID.randomUUID();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/jobs/" + jobId + "?verbose=true&x=a%20b"))
                .headers(bearer(ACME_KEY))
                .header("Accept", "application/json")
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"path\":\"/v1/jobs/" + jobId + "\",\"query\":\"verbose=true&x=a%20b\"}");
        FakeResultsService.Seen seen = FakeResultsService.lastRequest();
        assertThat(seen.authorization()).isEqualTo("Bearer " + ACME_KEY);
        assertThat(seen.accept()).isEqualTo("application/json");
        assertThat(seen.query()).isEqualTo("verbose=true&x=a%20b");
    }

    @Test
    void jobListAndNestedRoutesAreForwarded() {
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/v1/jobs?status=QUEUED&page=2")).headers(bearer(ACME_KEY)).build());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(FakeResultsService.lastRequest().path()).isEqualTo("/v1/jobs");
        assertThat(FakeResultsService.lastRequest().query()).isEqualTo("status=QUEUED&page=2");

        HttpResponse<String> tasks = send(HttpRequest.newBuilder(uri("/v1/jobs/abc/tasks/0")).headers(bearer(ACME_KEY)).build());
        assertThat(tasks.statusCode()).isEqualTo(200);
        assertThat(FakeResultsService.lastRequest().path()).isEqualTo("/v1/jobs/abc/tasks/0");
    }

    @Test
    void errorStatusAndProblemBodyArePassedThrough() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/jobs/missing")).headers(bearer(GLOBEX_KEY)).build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo("{\"title\":\"Not Found\",\"status\":404}");
        assertThat(FakeResultsService.lastRequest().authorization()).isEqualTo("Bearer " + GLOBEX_KEY);
    }

    @Test
    void eventStreamIsRelayedAsItArrives() {
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/jobs/" + UUID.randomUUID() + "/events"))
                    .headers(bearer(ACME_KEY))
                    .header("Accept", "text/event-stream")
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                // the second event is only written once the first has come through: a buffering proxy would hang here
                assertThat(events.readLine()).isEqualTo("data: first");
                FakeResultsService.releaseSecondEvent();
                assertThat(events.readLine()).isEmpty();
                assertThat(events.readLine()).isEqualTo("data: second");
            }
        });
    }
}
