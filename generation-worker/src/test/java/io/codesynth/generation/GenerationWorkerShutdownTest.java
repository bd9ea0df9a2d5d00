package io.codesynth.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.DecodingAlgorithm;
import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.generation.testing.TestRequests;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Stopping the worker while it decodes, with a real broker: the running decode is cancelled at its next step, so
 * the worker stops at once instead of waiting for it, and the request is neither published nor dead-lettered and
 * keeps its offset uncommitted, so the next worker decodes it again. The worker runs as {@code main} starts it, in a
 * context the test closes itself.
 */
@EmbeddedKafka
class GenerationWorkerShutdownTest {

    /** 1024 positions, one per step: minutes of decoding on a small machine. */
    private static final DecodingSettings SLOW = new DecodingSettings(DecodingAlgorithm.ENTROPY, 1024, 1024, 0.8, 0.95,
            null, 0.0, 1e-3, null, null, null);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aRequestCaughtByTheShutdownIsLeftForTheNextWorker(EmbeddedKafkaBroker broker, @TempDir Path dir)
            throws Exception {
        Path model = RandomDreamCheckpoint.write(dir.resolve("tiny-random"),
                RandomDreamCheckpoint.Dimensions.tiny().withMaxPositions(2048), 11);
        String servers = broker.getBrokersAsString();
        GenerationRequest request = TestRequests.request(UUID.randomUUID(), 0, "def slow():\n", 2, SLOW);

        ConfigurableApplicationContext worker = GenerationWorkerApplication.application().run(
                "--spring.kafka.bootstrap-servers=" + servers,
                "--server.port=0",
                "--codesynth.generation.model-dir=" + model,
                "--codesynth.generation.device=cpu",
                "--codesynth.generation.max-batch-wait=0ms");
        RecordMetadata sent;
        long closeMillis;
        try {
            sent = publish(servers, request);
            MeterRegistry meters = worker.getBean(MeterRegistry.class);
            await().atMost(PATIENCE).until(() -> meters.get("codesynth.generation.batch.size").summary().count() >= 1);
        } finally {
            long started = System.nanoTime();
            worker.close();
            closeMillis = (System.nanoTime() - started) / 1_000_000;
        }

        // without the cancellation the listener container alone would wait 30 s for the decode, then the batcher 30 s
        assertThat(closeMillis).as("milliseconds to stop the worker").isLessThan(20_000);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GenerationListener.GROUP)
                    .partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(sent.topic(), sent.partition()));
            assertThat(committed == null ? -1 : committed.offset()).as("committed offset")
                    .isLessThanOrEqualTo(sent.offset());
            assertThat(keysIn(admin, servers, Topics.CANDIDATES)).doesNotContain(request.taskKey());
            assertThat(keysIn(admin, servers, Topics.dlt(Topics.GENERATION))).doesNotContain(request.taskKey());
        }
    }

    private static RecordMetadata publish(String servers, GenerationRequest request) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(Topics.GENERATION, request.taskKey(), PipelineJson.toBytes(request));
            record.headers().add(Topics.TYPE_HEADER, "GenerationRequest".getBytes(StandardCharsets.UTF_8));
            return producer.send(record).get();
        }
    }

    /** The keys of every record on {@code topic}, read from the beginning to the current end. */
    private static List<String> keysIn(Admin admin, String servers, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                .forEach((partition, end) -> ends.put(partition, end.offset()));
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return keys;
    }
}
