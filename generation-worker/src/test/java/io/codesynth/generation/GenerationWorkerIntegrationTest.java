package io.codesynth.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.generation.testing.TestRequests;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
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
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The worker as deployed: a real broker, a real (tiny, random) Dream checkpoint written by the test, real HTTP.
 * One Spring context for all tests; each test uses its own job, so they do not interfere.
 */
@SpringBootTest(classes = GenerationWorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + GenerationWorkerApplication.CONFIG_NAME,
            "codesynth.generation.device=cpu",
            "codesynth.generation.max-batch-wait=300ms",
            "codesynth.worker.id=gen-it-1"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class GenerationWorkerIntegrationTest {

    private static final String DLT = Topics.dlt(Topics.GENERATION);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int CONTEXT = 512;

    private static Path modelDir;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> consumer;
    private static Admin admin;
    private static final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) throws IOException {
        modelDir = RandomDreamCheckpoint.write(Files.createTempDirectory("generation-it-").resolve("tiny-random"),
                RandomDreamCheckpoint.Dimensions.tiny().withMaxPositions(CONTEXT), 11);
        registry.add("codesynth.generation.model-dir", modelDir::toString);
    }

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        String servers = broker.getBrokersAsString();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "generation-it-observer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.CANDIDATES, DLT));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
    }

    @AfterAll
    static void closeClients() throws IOException {
        producer.close();
        consumer.close();
        admin.close();
        try (Stream<Path> files = Files.walk(modelDir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void requestsInCandidateBatchesOutOffsetsCommitted() {
        UUID job = UUID.randomUUID();
        GenerationRequest first = TestRequests.request(job, 0, "def add(a, b):\n", 3);
        GenerationRequest second = TestRequests.request(job, 1, "def is_even(n):\n    \"\"\"True for even n.\"\"\"\n", 2);
        RecordMetadata firstSent = publish(first);
        RecordMetadata secondSent = publish(second);

        ConsumerRecord<String, byte[]> firstOut = awaitRecord(Topics.CANDIDATES, first.taskKey(), 1).get(0);
        ConsumerRecord<String, byte[]> secondOut = awaitRecord(Topics.CANDIDATES, second.taskKey(), 1).get(0);

        assertThat(header(firstOut, Topics.TYPE_HEADER)).isEqualTo("CandidateBatch");
        CandidateBatch batch = PipelineJson.fromBytes(firstOut.value(), CandidateBatch.class);
        assertThat(batch.batchId()).isEqualTo(first.taskKey() + "/candidates");
        assertThat(batch.jobId()).isEqualTo(job);
        assertThat(batch.tenantId()).isEqualTo("acme");
        assertThat(batch.problem()).isEqualTo(first.problem());
        assertThat(batch.model().name()).isEqualTo("tiny-random");
        assertThat(batch.model().device()).isEqualTo("cpu");
        assertThat(batch.model().dtype()).isEqualTo("float32");
        assertThat(batch.generatedBy()).isEqualTo("gen-it-1");
        assertThat(batch.candidates()).extracting(Candidate::candidateId)
                .containsExactly(first.taskKey() + "/0", first.taskKey() + "/1", first.taskKey() + "/2");
        assertThat(batch.candidates()).allSatisfy(candidate -> {
            assertThat(candidate.forwardPasses()).isPositive();
            assertThat(candidate.tokenIds()).hasSizeLessThanOrEqualTo(TestRequests.QUICK.maxNewTokens());
        });
        assertThat(PipelineJson.fromBytes(secondOut.value(), CandidateBatch.class).candidates()).hasSize(2);
        assertThat(PipelineJson.fromBytes(secondOut.value(), CandidateBatch.class).generatedBy()).isEqualTo("gen-it-1");

        awaitCommitted(firstSent);
        awaitCommitted(secondSent);
        assertThat(meters.get("codesynth.generation.batch.size").summary().count()).isPositive();
        assertThat(meters.get("codesynth.generation.tokens").counter().count()).isPositive();
    }

    @Test
    void aRedeliveredRequestYieldsTheSameCandidates() {
        GenerationRequest request = TestRequests.request(UUID.randomUUID(), 4, "def fib(n):\n", 3);

        publish(request);
        CandidateBatch first = PipelineJson.fromBytes(
                awaitRecord(Topics.CANDIDATES, request.taskKey(), 1).get(0).value(), CandidateBatch.class);
        RecordMetadata again = publish(request);
        CandidateBatch second = PipelineJson.fromBytes(
                awaitRecord(Topics.CANDIDATES, request.taskKey(), 2).get(1).value(), CandidateBatch.class);

        assertThat(second.batchId()).isEqualTo(first.batchId());
        assertThat(second.candidates()).extracting(Candidate::candidateId)
                .isEqualTo(first.candidates().stream().map(Candidate::candidateId).toList());
        assertThat(second.candidates()).extracting(Candidate::completion)
                .isEqualTo(first.candidates().stream().map(Candidate::completion).toList());
        assertThat(second.candidates()).extracting(Candidate::tokenIds)
                .isEqualTo(first.candidates().stream().map(Candidate::tokenIds).toList());
        awaitCommitted(again);
    }

    @Test
    void aPromptLongerThanTheContextGoesToTheDeadLetterTopicWhileTheRestComplete() {
        UUID job = UUID.randomUUID();
        GenerationRequest good = TestRequests.request(job, 0, "def square(x):\n", 2);
        GenerationRequest poisoned = TestRequests.request(job, 1, TestRequests.longPrompt(CONTEXT + 50), 2);
        GenerationRequest alsoGood = TestRequests.request(job, 2, "def cube(x):\n", 1);
        // one flush: the three arrive in the same poll and are offered to the same micro-batch
        producer.send(record(good));
        producer.send(record(poisoned));
        producer.send(record(alsoGood));
        producer.flush();

        ConsumerRecord<String, byte[]> dead = awaitRecord(DLT, poisoned.taskKey(), 1).get(0);
        assertThat(header(dead, "codesynth-dlt-reason")).contains("exceeds the model's context of " + CONTEXT);
        assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.GENERATION);
        assertThat(dead.value()).isEqualTo(PipelineJson.toBytes(poisoned));
        assertThat(awaitRecord(Topics.CANDIDATES, good.taskKey(), 1)).hasSize(1);
        assertThat(awaitRecord(Topics.CANDIDATES, alsoGood.taskKey(), 1)).hasSize(1);
        assertThat(received).noneMatch(record -> record.topic().equals(Topics.CANDIDATES)
                && record.key().equals(poisoned.taskKey()));

        TopicPartition partition = new TopicPartition(Topics.GENERATION,
                ByteBuffer.wrap(rawHeader(dead, KafkaHeaders.DLT_ORIGINAL_PARTITION)).getInt());
        long offset = ByteBuffer.wrap(rawHeader(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong();
        await().atMost(PATIENCE).until(() -> committed(partition) > offset);
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopic() {
        String key = UUID.randomUUID() + "/0";
        String noJob = "{\"schemaVersion\": 1, \"taskIndex\": 0, \"samples\": 1, \"seed\": 0}";
        producer.send(new ProducerRecord<>(Topics.GENERATION, key, noJob.getBytes(StandardCharsets.UTF_8)));
        producer.flush();

        ConsumerRecord<String, byte[]> dead = awaitRecord(DLT, key, 1).get(0);
        assertThat(header(dead, "codesynth-dlt-reason")).isEqualTo("not a valid GenerationRequest: jobId is required");
    }

    @Test
    void healthShowsTheModelAndReadinessIsUpOnceItIsLoaded() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(PATIENCE).until(() -> get(http, "/actuator/health/readiness").statusCode() == 200);

        HttpResponse<String> health = get(http, "/actuator/health");
        JsonNode model = PipelineJson.mapper().readTree(health.body()).path("components").path("model");
        assertThat(model.path("status").asString()).isEqualTo("UP");
        JsonNode details = model.path("details");
        assertThat(details.path("name").asString()).isEqualTo("tiny-random");
        assertThat(details.path("device").asString()).isEqualTo("cpu");
        assertThat(details.path("dtype").asString()).isEqualTo("float32");
        assertThat(details.path("parameters").asLong()).isEqualTo(39_200);
        assertThat(details.path("promptFormat").asString()).isEqualTo("instruct");
        assertThat(details.path("randomWeights").asBoolean()).isTrue();
    }

    private HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ProducerRecord<String, byte[]> record(GenerationRequest request) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.GENERATION, request.taskKey(), PipelineJson.toBytes(request));
        record.headers().add(Topics.TYPE_HEADER, "GenerationRequest".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static RecordMetadata publish(GenerationRequest request) {
        try {
            return producer.send(record(request)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the test request", e);
        }
    }

    /** Waits until {@code count} records with {@code key} arrived on {@code topic}; returns them in order. */
    private static List<ConsumerRecord<String, byte[]>> awaitRecord(String topic, String key, int count) {
        await().atMost(PATIENCE).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return matching(topic, key).size() >= count;
        });
        return matching(topic, key);
    }

    private static List<ConsumerRecord<String, byte[]>> matching(String topic, String key) {
        return received.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).toList();
    }

    private static void awaitCommitted(RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        await().atMost(PATIENCE).until(() -> committed(partition) > sent.offset());
    }

    private static long committed(TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GenerationListener.GROUP)
                .partitionsToOffsetAndMetadata().get().get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(rawHeader(record, name), StandardCharsets.UTF_8);
    }

    private static byte[] rawHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return header.value();
    }
}
