package io.codesynth.verification.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.CandidateVerdict;
import io.codesynth.contracts.Ids;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.TestTally;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.VerdictKind;
import io.codesynth.contracts.VerificationReport;
import io.codesynth.kafka.DeadLetters;
import io.codesynth.verification.VerificationWorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The worker as deployed: a real broker, real sandboxes. One context for all tests; each test uses
 * its own job, so they do not interfere.
 */
@SpringBootTest(classes = VerificationWorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + VerificationWorkerApplication.CONFIG_NAME,
                "codesynth.verification.sandbox.concurrency=2", "codesynth.worker.id=verify-it-1"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class VerificationWorkerKafkaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CORRECT = "    return a + b\n";
    private static final String WRONG = "    return a - b\n";
    private static final String BROKEN = "    return a +\n";

    private static KafkaProducer<String, byte[]> producer;
    private static Admin admin;
    private static KafkaConsumer<String, byte[]> consumer;
    private static final List<ConsumerRecord<String, byte[]>> received = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-observer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.VERDICTS, Topics.dlt(Topics.CANDIDATES)));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        admin.close();
        consumer.close();
    }

    @Test
    void aBatchIsVerifiedIntoOneReportAndItsOffsetCommittedAfterwards() throws Exception {
        CandidateBatch batch = TestBatches.batch(UUID.randomUUID(), 0, CORRECT, WRONG, BROKEN);

        RecordMetadata sent = publish(batch.taskKey(), PipelineJson.toBytes(batch));

        ConsumerRecord<String, byte[]> record = awaitRecords(Topics.VERDICTS, batch.taskKey(), 1).get(0);
        assertThat(header(record, Topics.TYPE_HEADER)).isEqualTo("VerificationReport");
        VerificationReport report = PipelineJson.fromBytes(record.value(), VerificationReport.class);
        assertThat(report.reportId()).isEqualTo(Ids.verificationReportId(batch.taskKey()));
        assertThat(report.jobId()).isEqualTo(batch.jobId());
        assertThat(report.tenantId()).isEqualTo("acme");
        // the verifier names itself, not the generation worker the batch came from
        assertThat(report.verifiedBy()).isEqualTo("verify-it-1");
        assertThat(report.verdicts()).extracting(CandidateVerdict::candidateId)
                .containsExactly(batch.taskKey() + "/0", batch.taskKey() + "/1", batch.taskKey() + "/2");
        assertThat(report.verdicts()).extracting(CandidateVerdict::verdict)
                .containsExactly(VerdictKind.PASSED, VerdictKind.FAILED, VerdictKind.SYNTAX_ERROR);
        CandidateVerdict passed = report.verdicts().get(0);
        assertThat(passed.tests()).isEqualTo(new TestTally(2, 2));
        assertThat(passed.heldOut()).isEqualTo(new TestTally(1, 1));
        assertThat(passed.signature()).extracting(o -> o.outcome() + ":" + o.value()).containsExactly("pass:3", "pass:0");
        assertThat(passed.sandboxed()).isTrue();
        assertThat(report.verdicts().get(1).signature()).extracting(o -> o.value()).containsExactly("-1", "-2");

        TopicPartition partition = new TopicPartition(Topics.CANDIDATES, sent.partition());
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(CandidatesListener.GROUP).partitionsToOffsetAndMetadata().get();
            assertThat(offsets.get(partition)).isNotNull();
            assertThat(offsets.get(partition).offset()).isGreaterThan(sent.offset());
        });
    }

    @Test
    void aRedeliveredBatchYieldsTheSameReportId() {
        CandidateBatch batch = TestBatches.batch(UUID.randomUUID(), 1, CORRECT, WRONG);
        byte[] bytes = PipelineJson.toBytes(batch);

        publish(batch.taskKey(), bytes);
        publish(batch.taskKey(), bytes);

        List<VerificationReport> reports = awaitRecords(Topics.VERDICTS, batch.taskKey(), 2).stream()
                .map(r -> PipelineJson.fromBytes(r.value(), VerificationReport.class)).toList();
        assertThat(reports).extracting(VerificationReport::reportId).containsOnly(Ids.verificationReportId(batch.taskKey()));
        assertThat(reports).extracting(VerificationReport::verifiedBy).containsOnly("verify-it-1");
        assertThat(reports.get(0).verdicts()).extracting(CandidateVerdict::verdict)
                .isEqualTo(reports.get(1).verdicts().stream().map(CandidateVerdict::verdict).toList());
        assertThat(reports.get(0).verdicts()).extracting(CandidateVerdict::signature)
                .isEqualTo(reports.get(1).verdicts().stream().map(CandidateVerdict::signature).toList());
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheReason() {
        String garbageKey = UUID.randomUUID() + "/0";
        publish(garbageKey, "{not json".getBytes(StandardCharsets.UTF_8));
        CandidateBatch batch = TestBatches.batch(UUID.randomUUID(), 3, CORRECT);
        String wrongKey = batch.jobId() + "/4";
        publish(wrongKey, PipelineJson.toBytes(batch));

        ConsumerRecord<String, byte[]> garbage = awaitRecords(Topics.dlt(Topics.CANDIDATES), garbageKey, 1).get(0);
        assertThat(new String(garbage.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(garbage, DeadLetters.REASON_HEADER)).startsWith("not a valid CandidateBatch");

        ConsumerRecord<String, byte[]> misrouted = awaitRecords(Topics.dlt(Topics.CANDIDATES), wrongKey, 1).get(0);
        assertThat(header(misrouted, DeadLetters.REASON_HEADER))
                .isEqualTo("record key '" + wrongKey + "' is not the task key " + batch.taskKey());

        // the partition moves on: a good batch behind the poison is verified
        CandidateBatch after = TestBatches.batch(UUID.randomUUID(), 5, CORRECT);
        publish(after.taskKey(), PipelineJson.toBytes(after));
        assertThat(awaitRecords(Topics.VERDICTS, after.taskKey(), 1)).hasSize(1);
    }

    @Test
    void healthShowsTheSandboxModeAndMetricsCountVerdicts() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode health = get(http, "/actuator/health");
        JsonNode sandbox = health.get("components").get("sandbox");
        assertThat(sandbox.get("status").asString()).isEqualTo("UP");
        assertThat(sandbox.get("details").get("mode").asString()).isEqualTo("sandboxed");
        assertThat(sandbox.get("details").get("bubblewrap").asString()).startsWith("bubblewrap");

        CandidateBatch batch = TestBatches.batch(UUID.randomUUID(), 6, CORRECT);
        publish(batch.taskKey(), PipelineJson.toBytes(batch));
        awaitRecords(Topics.VERDICTS, batch.taskKey(), 1);
        JsonNode passed = get(http, "/actuator/metrics/codesynth.verification.verdicts?tag=verdict:PASSED");
        assertThat(passed.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(get(http, "/actuator/metrics/codesynth.verification.sandbox.start").get("measurements")
                .get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(get(http, "/actuator/metrics/codesynth.verification.queue.length")).isNotNull();
        assertThat(get(http, "/actuator/metrics/codesynth.verification.runs.per.second")).isNotNull();
    }

    private JsonNode get(HttpClient http, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PipelineJson.mapper().readTree(response.body());
    }

    private static RecordMetadata publish(String key, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CANDIDATES, key, value);
        record.headers().add(Topics.TYPE_HEADER, "CandidateBatch".getBytes(StandardCharsets.UTF_8));
        try {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls the shared observer until {@code count} records with this key arrived on the topic. */
    private static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, String key, int count) {
        await().atMost(PATIENCE).until(() -> {
            synchronized (consumer) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            return matching(topic, key).size() >= count;
        });
        return matching(topic, key);
    }

    private static List<ConsumerRecord<String, byte[]>> matching(String topic, String key) {
        return received.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
