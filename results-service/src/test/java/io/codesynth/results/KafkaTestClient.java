package io.codesynth.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.MessageTypes;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.PipelineMessage;
import io.codesynth.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the other services and the subscribers do with the broker, for tests. */
final class KafkaTestClient implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    Admin admin() {
        return admin;
    }

    /** Publishes a pipeline message on its topic, keyed and typed as the producing service does. */
    void publish(PipelineMessage message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(MessageTypes.topicOf(message.getClass()),
                message.messageKey(), PipelineJson.toBytes(message));
        record.headers().add(Topics.TYPE_HEADER, MessageTypes.typeName(message).getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /** Every committed record of a topic, partition by partition, from the beginning to the current end. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long giveUp = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("reading %s", topic).isLessThan(giveUp);
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        records.add(record);
                    }
                });
            }
        }
        return records;
    }

    /** Waits until {@code group} has committed every record of the topics. */
    void awaitCaughtUp(String group, List<String> topics) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                if (end.offset() > 0) {
                    assertThat(committed.get(partition)).as("committed offset of %s", partition).isNotNull();
                    assertThat(committed.get(partition).offset()).as("committed offset of %s", partition)
                            .isEqualTo(end.offset());
                }
            });
        });
    }

    /** Moves the (stopped) group back to the beginning of the topics, so they are consumed again. */
    void rewind(String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                description.partitions().forEach(p -> start.put(new TopicPartition(name, p.partition()),
                        new OffsetAndMetadata(0))));
        // the group must be empty; its members may still be leaving
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                admin.alterConsumerGroupOffsets(group, start).all().get());
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
