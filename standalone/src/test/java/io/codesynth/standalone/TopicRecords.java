package io.codesynth.standalone;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads topics as an outside subscriber does (committed records only, from the beginning, no consumer group),
 * produces records again exactly as they were (key, value, headers), and waits until a service's consumer
 * group has committed past given records.
 */
final class TopicRecords {

    private final String bootstrapServers;

    TopicRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every committed record of {@code topic} that {@code wanted} accepts, in partition and offset order. */
    List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // the services create their topics with their own partition counts; reading must not create one first
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets, past every decided transaction
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + ends + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (wanted.test(record)) {
                        records.add(record);
                    }
                });
            }
            records.sort((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    /** Produces each record again to its topic with its key, value and headers; returns where each landed. */
    List<RecordMetadata> reproduce(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                sent.add(producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                        record.headers())));
            }
            List<RecordMetadata> landed = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                landed.add(future.get());
            }
            return landed;
        }
    }

    /** For each partition, the offset just past the last of {@code sent}. */
    static Map<TopicPartition, Long> pastSent(List<RecordMetadata> sent) {
        Map<TopicPartition, Long> past = new HashMap<>();
        sent.forEach(record -> past.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max));
        return past;
    }

    /** For each partition, the offset just past the last of {@code records}. */
    static Map<TopicPartition, Long> pastRead(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, Long> past = new HashMap<>();
        records.forEach(record -> past.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max));
        return past;
    }

    /** Waits until consumer group {@code group} has committed at least {@code offsets} (what its service handled). */
    void awaitConsumed(String group, Map<TopicPartition, Long> offsets, Duration patience) {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(patience).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
                return offsets.entrySet().stream().allMatch(entry -> {
                    OffsetAndMetadata offset = committed.get(entry.getKey());
                    return offset != null && offset.offset() >= entry.getValue();
                });
            });
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }
}
