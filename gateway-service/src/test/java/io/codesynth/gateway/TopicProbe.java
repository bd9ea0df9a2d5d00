package io.codesynth.gateway;

import static org.awaitility.Awaitility.await;

import io.codesynth.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Looks at the jobs and generation topics the way a downstream consumer would (read_committed), and
 * at their raw end offsets, which move with any write at all, committed, aborted or open.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> committed;
    private final KafkaConsumer<String, byte[]> raw;
    private final List<TopicPartition> partitions = new ArrayList<>();

    public TopicProbe(String bootstrapServers) {
        committed = consumer(bootstrapServers, "read_committed");
        raw = consumer(bootstrapServers, "read_uncommitted");
        for (String topic : List.of(Topics.JOBS, Topics.GENERATION)) {
            committed.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        committed.assign(partitions);
        raw.assign(partitions);
    }

    /** Raw end offsets, once no transaction is open (the last commit marker may land just after a response). */
    public Map<TopicPartition, Long> settledEndOffsets() {
        AtomicReference<Map<TopicPartition, Long>> settled = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<TopicPartition, Long> ends = raw.endOffsets(partitions);
            if (ends.equals(committed.endOffsets(partitions))) {
                settled.set(ends);
                return true;
            }
            return false;
        });
        return settled.get();
    }

    /** Raw end offsets right now. */
    public Map<TopicPartition, Long> endOffsets() {
        return raw.endOffsets(partitions);
    }

    /** Every committed record written after {@code from}, read up to the settled end. */
    public List<ConsumerRecord<String, byte[]>> committedSince(Map<TopicPartition, Long> from) {
        Map<TopicPartition, Long> end = settledEndOffsets();
        from.forEach(committed::seek);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            committed.poll(Duration.ofMillis(100)).forEach(records::add);
            return partitions.stream().allMatch(p -> committed.position(p) >= end.get(p));
        });
        return records;
    }

    @Override
    public void close() {
        committed.close();
        raw.close();
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
