package io.codesynth.standalone;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer groups seen from the broker, with an admin client: their members, and their lag — records on a
 * partition (up to the last committed transaction, as the pipeline's read_committed consumers see them) that the
 * group has not committed yet — summed per topic. The broker knows both even when every member is dead.
 */
final class ConsumerLag implements AutoCloseable {

    static final int REQUEST_TIMEOUT_MS = 5_000;

    /**
     * One group.
     *
     * @param members    members now, each with the partitions it was assigned
     * @param state      the group's state as the broker reports it ({@code Stable}, {@code Empty}, ...)
     * @param lagByTopic records not yet consumed, per topic, in topic order
     */
    record Group(String group, int members, String state, Map<String, Long> lagByTopic) {
    }

    private final Admin admin;

    ConsumerLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "codesynth-supervisor",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS));
    }

    /** Returns once a broker at {@code bootstrapServers} answers, or throws after {@code timeout}. */
    static void awaitBroker(String bootstrapServers, java.time.Duration timeout) throws TimeoutException {
        try (Admin probe = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "codesynth-supervisor-readiness",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
            probe.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (ExecutionException e) {
            throw new TimeoutException(e.getCause().getMessage());
        }
    }

    /** Members of {@code group} that hold an assignment (0 when the group does not exist yet). */
    int assignedMembers(String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return (int) description.members().stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty())
                    .count();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /** Each of {@code groups}, in the order given. */
    List<Group> groups(Collection<String> groups) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, ConsumerGroupDescription> descriptions = admin.describeConsumerGroups(groups)
                .all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        List<Group> result = new ArrayList<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> ends = endOffsets(committed.keySet());
            Map<String, Long> lag = new TreeMap<>();
            committed.forEach((partition, offset) -> {
                long end = ends.getOrDefault(partition, 0L);
                long consumed = offset == null ? 0 : offset.offset();
                lag.merge(partition.topic(), Math.max(0, end - consumed), Long::sum);
            });
            ConsumerGroupDescription description = descriptions.get(group);
            result.add(new Group(group, description.members().size(), description.groupState().toString(), lag));
        }
        return result;
    }

    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest())),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
