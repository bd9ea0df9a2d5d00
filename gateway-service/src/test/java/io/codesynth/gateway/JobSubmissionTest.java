package io.codesynth.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.contracts.DecodingAlgorithm;
import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.Topics;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Accepted jobs in each format, as downstream consumers see them. */
class JobSubmissionTest extends GatewayTestSupport {

    @Test
    void humanEvalNdjsonJobIsPublishedAsOneTransaction() {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> response = postJob(NDJSON, "samples=4&name=he-smoke&temperature=0.2&steps=128",
                resource("humaneval-3.jsonl"), bearer(ACME_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode receipt = json(response);
        UUID jobId = UUID.fromString(receipt.get("jobId").asString());
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/jobs/" + jobId);
        assertThat(receipt.get("name").asString()).isEqualTo("he-smoke");
        assertThat(receipt.get("status").asString()).isEqualTo("QUEUED");
        assertThat(receipt.get("tasks").asInt()).isEqualTo(3);
        assertThat(receipt.get("samplesPerTask").asInt()).isEqualTo(4);
        assertThat(receipt.get("links").get("self").asString()).isEqualTo("/v1/jobs/" + jobId);
        assertThat(receipt.get("links").get("tasks").asString()).isEqualTo("/v1/jobs/" + jobId + "/tasks");
        assertThat(receipt.get("links").get("events").asString()).isEqualTo("/v1/jobs/" + jobId + "/events");

        PublishedJob published = publishedSince(before, jobId, 3);
        JobSubmitted job = published.job();
        assertThat(job.tenantId()).isEqualTo("acme");
        assertThat(job.jobName()).isEqualTo("he-smoke");
        assertThat(job.samplesPerTask()).isEqualTo(4);
        assertThat(job.decoding().temperature()).isEqualTo(0.2);
        assertThat(job.decoding().steps()).isEqualTo(128);
        assertThat(job.decoding().algorithm()).isEqualTo(DecodingAlgorithm.ENTROPY);
        assertThat(job.decoding().seed()).as("base seed derived from the job id").isEqualTo(Ids.seedOf(jobId));
        assertThat(job.tasks()).extracting(t -> t.problem().taskId())
                .containsExactly("HumanEval/0", "HumanEval/1", "HumanEval/2");
        assertThat(job.tasks().getFirst().problem().format()).isEqualTo(ProblemFormat.HUMANEVAL);
        assertThat(job.tasks().getFirst().problem().entryPoint()).isEqualTo("has_close_elements");
        assertThat(job.tasks().getFirst().problem().tests()).singleElement().asString().contains("def check(candidate)");

        for (int i = 0; i < 3; i++) {
            GenerationRequest request = published.requests().get(i);
            assertThat(request.taskKey()).isEqualTo(Ids.taskKey(jobId, i));
            assertThat(request.taskIndex()).isEqualTo(i);
            assertThat(request.samples()).isEqualTo(4);
            assertThat(request.seed()).isEqualTo(Ids.taskSeed(Ids.seedOf(jobId), i));
            assertThat(request.problem()).isEqualTo(job.tasks().get(i).problem());
            assertThat(request.tenantId()).isEqualTo("acme");
        }
    }

    @Test
    void jsonJobCarriesSettingsLimitsAndEveryProblemField() {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();
        String body = """
                {"samplesPerTask": 2,
                 "decoding": {"algorithm": "maskgit_plus", "maxNewTokens": 128, "steps": 64, "blockLength": 32, "seed": 42},
                 "limits": {"wallSeconds": 5, "memoryMb": 512},
                 "problems": [
                   {"taskId": "add", "prompt": "def add(a, b):\\n", "entryPoint": "add",
                    "tests": ["def check(candidate):\\n    assert candidate(1, 2) == 3\\n"]},
                   {"taskId": "sum-js", "format": "mbpp", "language": "javascript", "prompt": "Write sum(xs).",
                    "tests": ["console.assert(sum([1, 2]) === 3)"], "heldOutTests": ["console.assert(sum([]) === 0)"],
                    "testSetupCode": "const assert = require('assert');"}
                 ]}""";

        HttpResponse<String> response = postJob(JSON, "", body, bearer(GLOBEX_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(json(response).get("jobId").asString());
        assertThat(json(response).get("name").asString()).isEqualTo("job-" + jobId.toString().substring(0, 8));
        PublishedJob published = publishedSince(before, jobId, 2);
        JobSubmitted job = published.job();
        assertThat(job.tenantId()).isEqualTo("globex");
        assertThat(job.decoding().algorithm()).isEqualTo(DecodingAlgorithm.MASKGIT_PLUS);
        assertThat(job.decoding().blockLength()).isEqualTo(32);
        assertThat(job.decoding().topP()).as("default kept").isEqualTo(0.95);
        assertThat(job.decoding().seed()).isEqualTo(42L);
        assertThat(job.limits().wallSeconds()).isEqualTo(5.0);
        assertThat(job.limits().memoryMb()).isEqualTo(512);
        assertThat(job.limits().cpuSeconds()).isNull();
        var js = job.tasks().get(1).problem();
        assertThat(js.format()).isEqualTo(ProblemFormat.MBPP);
        assertThat(js.language()).isEqualTo(Language.JAVASCRIPT);
        assertThat(js.entryPoint()).isNull();
        assertThat(js.heldOutTests()).containsExactly("console.assert(sum([]) === 0)");
        assertThat(js.testSetupCode()).isEqualTo("const assert = require('assert');");
        assertThat(published.requests()).extracting(GenerationRequest::seed)
                .containsExactly(Ids.taskSeed(42, 0), Ids.taskSeed(42, 1));
        assertThat(published.requests()).allSatisfy(r -> assertThat(r.limits()).isEqualTo(job.limits()));
    }

    @Test
    void mbppNdjsonJobMapsTextTestsAndChallengeTests() {
        Map<TopicPartition, Long> before = topics.settledEndOffsets();

        HttpResponse<String> response = postJob(NDJSON, "", resource("mbpp-3.jsonl"), bearer(ACME_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(json(response).get("jobId").asString());
        JobSubmitted job = publishedSince(before, jobId, 3).job();
        assertThat(job.samplesPerTask()).isEqualTo(1);
        assertThat(job.tasks()).extracting(t -> t.problem().taskId()).containsExactly("11", "12", "14");
        var first = job.tasks().getFirst().problem();
        assertThat(first.format()).isEqualTo(ProblemFormat.MBPP);
        assertThat(first.language()).isEqualTo(Language.PYTHON);
        assertThat(first.prompt()).startsWith("Write a python function to remove first and last occurrence");
        assertThat(first.tests()).hasSize(3).first().asString().startsWith("assert remove_Occ(");
        assertThat(first.heldOutTests()).hasSize(2);
        assertThat(first.testSetupCode()).as("empty setup code is no setup code").isNull();
        assertThat(job.tasks().get(2).problem().testSetupCode()).isEqualTo("import math");
    }

    @Test
    void topicsAreDeclaredWithRoomForTheLargestJob() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            List<String> names = List.of(Topics.JOBS, Topics.dlt(Topics.JOBS), Topics.GENERATION, Topics.dlt(Topics.GENERATION));
            assertThat(admin.describeTopics(names).allTopicNames().get())
                    .as("the default partitions: room for 12 workers of a kind")
                    .allSatisfy((name, description) -> assertThat(description.partitions()).hasSize(12));
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.JOBS);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                    .as("twice the 64KB body limit of the tests").isEqualTo("131072");
        }
    }
}
