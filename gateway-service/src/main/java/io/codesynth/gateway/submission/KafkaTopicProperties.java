package io.codesynth.gateway.submission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Shape of the pipeline topics this service declares ({@code codesynth.kafka.*}, shared by all services).
 *
 * @param partitions        partitions per topic; a task's messages stay on one of them
 * @param replicationFactor replicas per partition; 1 for a single broker
 */
@ConfigurationProperties("codesynth.kafka")
record KafkaTopicProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor) {

    KafkaTopicProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("codesynth.kafka.partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "codesynth.kafka.replication-factor must be at least 1, was " + replicationFactor);
        }
    }
}
