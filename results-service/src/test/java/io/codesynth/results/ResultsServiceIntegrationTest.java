package io.codesynth.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.JobSubmitted;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.results.ApiClient.Response;
import io.codesynth.results.intake.JobIntake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Job intake and the job read API: storing jobs, dead letters of the jobs topic, keys and tenants. */
class ResultsServiceIntegrationTest extends ServiceTestBase {

    private static final String GROUP = "results-service";
    private static final String JOBS_DLT = Topics.dlt(Topics.JOBS);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static KafkaProducer<String, byte[]> producer;
    private static Admin admin;

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobIntake intake;
    @LocalServerPort
    int port;

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        admin.close();
    }

    @Test
    void storesAPublishedJobAndServesIt() {
        JobSubmitted job = TestJobs.job("acme", 3);
        publish(job);

        JsonNode view = awaitJob(job.jobId(), ACME_KEY);
        assertThat(view.get("jobId").asString()).isEqualTo(job.jobId().toString());
        assertThat(view.get("name").asString()).isEqualTo(job.jobName());
        assertThat(view.get("state").asString()).isEqualTo("QUEUED");
        assertThat(view.get("samplesPerTask").asInt()).isEqualTo(2);
        assertThat(view.get("decoding").get("algorithm").asString()).isEqualTo("entropy");
        assertThat(view.get("decoding").get("maxNewTokens").asInt()).isEqualTo(256);
        assertThat(Instant.parse(view.get("submittedAt").asString())).isEqualTo(job.submittedAt());
        assertThat(view.get("updatedAt").isNull()).isFalse();
        assertThat(view.get("completedAt").isNull()).isTrue();
        assertThat(view.get("counts")).isEqualTo(json(
                "{\"tasks\":3,\"queued\":3,\"generating\":0,\"verifying\":0,\"completed\":0,\"failed\":0}"));
        assertThat(view.get("candidates")).isEqualTo(json("{\"generated\":0,\"verified\":0}"));
        assertThat(view.get("passAtK").isNull()).isTrue();
        String self = "/v1/jobs/" + job.jobId();
        assertThat(view.get("links")).isEqualTo(json("{\"self\":\"" + self + "\",\"tasks\":\"" + self
                + "/tasks\",\"events\":\"" + self + "/events\",\"samples\":\"" + self + "/samples.jsonl\"}"));

        Response tasks = api().get(self + "/tasks", ACME_KEY);
        assertThat(tasks.status()).isEqualTo(200);
        assertThat(tasks.body().get("jobId").asString()).isEqualTo(job.jobId().toString());
        JsonNode items = tasks.body().get("items");
        assertThat(items).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode task = items.get(i);
            assertThat(task.get("taskKey").asString()).isEqualTo(job.tasks().get(i).taskKey());
            assertThat(task.get("taskIndex").asInt()).isEqualTo(i);
            assertThat(task.get("state").asString()).isEqualTo("QUEUED");
            assertThat(task.get("reason").isNull()).isTrue();
            assertThat(task.get("problem")).isEqualTo(PipelineJson.mapper().valueToTree(job.tasks().get(i).problem()));
        }
        assertThat(items.get(2).get("problem").get("heldOutTests").get(0).asString())
                .isEqualTo("assert square(-4) == 16");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM results.tasks WHERE job_id = ? AND state = 'QUEUED'",
                Long.class, job.jobId())).isEqualTo(3);
    }

    @Test
    void replayingAJobChangesNoTableAndStillCommitsTheOffset() throws Exception {
        JobSubmitted job = TestJobs.job("acme", 2);
        TopicPartition partition = publish(job);
        awaitJob(job.jobId(), ACME_KEY);
        awaitConsumerCaughtUp();
        Map<String, List<String>> before = tables();
        long committedBefore = committedOffsets().get(partition).offset();

        publish(job);
        publish(job);

        awaitConsumerCaughtUp();
        assertThat(committedOffsets().get(partition).offset()).isEqualTo(committedBefore + 2);
        assertThat(tables()).isEqualTo(before);
    }

    @Test
    void sendsUndecodableAndInvalidRecordsToTheDeadLetterTopicAndGoesOn() {
        byte[] garbage = "{\"jobId\": oops".getBytes(StandardCharsets.UTF_8);
        JobSubmitted invalid = TestJobs.job("acme", 1);
        ObjectNode noTasks = (ObjectNode) PipelineJson.mapper().valueToTree(invalid);
        noTasks.putArray("tasks");
        byte[] invalidBytes = PipelineJson.toBytes(noTasks);
        JobSubmitted good = TestJobs.job("acme", 1);

        // one partition for all three, so the good record really sits behind the bad ones
        send(new ProducerRecord<>(Topics.JOBS, 0, "garbage-key", garbage));
        send(new ProducerRecord<>(Topics.JOBS, 0, invalid.jobId().toString(), invalidBytes));
        send(new ProducerRecord<>(Topics.JOBS, 0, good.jobId().toString(), PipelineJson.toBytes(good)));

        awaitJob(good.jobId(), ACME_KEY);
        Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitDeadLetters(
                List.of("garbage-key", invalid.jobId().toString()));

        ConsumerRecord<String, byte[]> garbageLetter = deadLetters.get("garbage-key");
        assertThat(garbageLetter.value()).isEqualTo(garbage);
        assertThat(header(garbageLetter, "codesynth-dlt-reason")).startsWith("not a valid JobSubmitted: ");
        assertThat(header(garbageLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.JOBS);
        ConsumerRecord<String, byte[]> invalidLetter = deadLetters.get(invalid.jobId().toString());
        assertThat(invalidLetter.value()).isEqualTo(invalidBytes);
        assertThat(header(invalidLetter, "codesynth-dlt-reason")).contains("tasks must not be empty");
        assertThat(header(invalidLetter, "kafka_dlt-exception-message")).contains("tasks must not be empty");

        assertThat(api().get("/v1/jobs/" + invalid.jobId(), ACME_KEY).status()).isEqualTo(404);
        awaitConsumerCaughtUp();
    }

    @Test
    void refusesRequestsWithoutAValidKey() {
        for (String key : new String[] {null, "cs_not-a-key"}) {
            Response response = api().get("/v1/jobs", key);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThatIsProblem(response, 401);
        }
        assertThat(api().get("/v1/jobs/" + UUID.randomUUID(), null).status()).isEqualTo(401);
    }

    @Test
    void showsAJobOnlyToItsTenant() {
        JobSubmitted job = TestJobs.job("acme", 1);
        intake.accept(job.jobId().toString(), PipelineJson.toBytes(job));

        Response forbidden = api().get("/v1/jobs/" + job.jobId(), GLOBEX_KEY);
        assertThatIsProblem(forbidden, 403);
        assertThatIsProblem(api().get("/v1/jobs/" + job.jobId() + "/tasks", GLOBEX_KEY), 403);

        Response unknown = api().get("/v1/jobs/" + UUID.randomUUID(), ACME_KEY);
        assertThatIsProblem(unknown, 404);
        assertThatIsProblem(api().get("/v1/jobs/" + UUID.randomUUID() + "/tasks", ACME_KEY), 404);
        assertThatIsProblem(api().get("/v1/jobs/not-a-uuid", ACME_KEY), 404);
        assertThatIsProblem(api().get("/v1/nothing-here", ACME_KEY), 404);
    }

    @Test
    void listsATenantsJobsNewestFirstWithFilterAndPages() {
        List<UUID> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JobSubmitted job = TestJobs.job(UUID.randomUUID(), "lister", 1,
                    Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i));
            intake.accept(job.jobId().toString(), PipelineJson.toBytes(job));
            newestFirst.addFirst(job.jobId());
        }
        // later stages move jobs on; here the database stands in for them
        jdbc.update("UPDATE results.jobs SET state = 'COMPLETED' WHERE job_id IN (?, ?)",
                newestFirst.get(1), newestFirst.get(3));

        Response first = api().get("/v1/jobs?size=2", LISTER_KEY);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("page").asInt()).isZero();
        assertThat(first.body().get("size").asInt()).isEqualTo(2);
        assertThat(first.body().get("total").asLong()).isEqualTo(5);
        assertThat(ids(first)).containsExactly(newestFirst.get(0), newestFirst.get(1));
        assertThat(first.body().get("items").get(0).get("counts").get("tasks").asInt()).isEqualTo(1);
        assertThat(ids(api().get("/v1/jobs?size=2&page=2", LISTER_KEY))).containsExactly(newestFirst.get(4));
        assertThat(ids(api().get("/v1/jobs", LISTER_KEY))).containsExactlyElementsOf(newestFirst);

        Response completed = api().get("/v1/jobs?status=completed", LISTER_KEY);
        assertThat(completed.body().get("total").asLong()).isEqualTo(2);
        assertThat(ids(completed)).containsExactly(newestFirst.get(1), newestFirst.get(3));
        assertThat(ids(api().get("/v1/jobs?status=QUEUED&size=1&page=1", LISTER_KEY)))
                .containsExactly(newestFirst.get(2));
        assertThat(api().get("/v1/jobs?status=FAILED", LISTER_KEY).body().get("total").asLong()).isZero();

        Response unknownStatus = api().get("/v1/jobs?status=DONE", LISTER_KEY);
        assertThatIsProblem(unknownStatus, 400);
        assertThat(unknownStatus.body().get("detail").asString()).contains("QUEUED", "COMPLETED_WITH_ERRORS", "DONE");
        assertThat(unknownStatus.body().get("allowed")).hasSize(6);
        assertThatIsProblem(api().get("/v1/jobs?size=101", LISTER_KEY), 400);
        assertThatIsProblem(api().get("/v1/jobs?page=-1", LISTER_KEY), 400);
        assertThatIsProblem(api().get("/v1/jobs?page=x", LISTER_KEY), 400);
    }

    @Test
    void reportsHealth() {
        Response health = api().get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
    }

    // --- plumbing -------------------------------------------------------------------------------

    private ApiClient api() {
        return new ApiClient(port);
    }

    private static TopicPartition publish(JobSubmitted job) {
        return send(new ProducerRecord<>(Topics.JOBS, job.messageKey(), PipelineJson.toBytes(job)));
    }

    private static TopicPartition send(ProducerRecord<String, byte[]> record) {
        try {
            var metadata = producer.send(record).get();
            return new TopicPartition(metadata.topic(), metadata.partition());
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    private JsonNode awaitJob(UUID jobId, String apiKey) {
        return await().atMost(PATIENCE).until(() -> api().get("/v1/jobs/" + jobId, apiKey),
                response -> response.status() == 200).body();
    }

    /** Waits until the service's group has committed every record of the jobs topic. */
    private static void awaitConsumerCaughtUp() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.JOBS)).allTopicNames().get().get(Topics.JOBS).partitions()
                    .forEach(p -> latest.put(new TopicPartition(Topics.JOBS, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                if (end.offset() > 0) {
                    assertThat(committed.get(partition)).as("committed offset of %s", partition).isNotNull();
                    assertThat(committed.get(partition).offset()).as("committed offset of %s", partition)
                            .isEqualTo(end.offset());
                }
            });
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
        return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    }

    /** Every row of every table of the service, as JSON text, in a stable order. */
    private Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new HashMap<>();
        for (String table : List.of("jobs", "tasks", "candidates", "verdicts", "processed_messages")) {
            tables.put(table, jdbc.queryForList(
                    "SELECT to_jsonb(t)::text AS row FROM results." + table + " t ORDER BY 1", String.class));
        }
        return tables;
    }

    private Map<String, ConsumerRecord<String, byte[]>> awaitDeadLetters(List<String> keys) {
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(JOBS_DLT));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (keys.contains(record.key())) {
                        found.put(record.key(), record);
                    }
                });
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<UUID> ids(Response page) {
        List<UUID> ids = new ArrayList<>();
        page.body().get("items").forEach(item -> ids.add(UUID.fromString(item.get("jobId").asString())));
        return ids;
    }

    private static void assertThatIsProblem(Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("title").asString()).isNotBlank();
    }

    private static JsonNode json(String json) {
        return PipelineJson.mapper().readTree(json);
    }
}
