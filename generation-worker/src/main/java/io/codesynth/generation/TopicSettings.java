package io.codesynth.generation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics this service declares are created (shared by all services).
 *
 * @param partitions        partitions of each declared topic
 * @param replicationFactor replicas of each partition; 1 suits a single broker
 */
@ConfigurationProperties("codesynth.kafka")
record TopicSettings(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor) {

    TopicSettings {
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException("codesynth.kafka.partitions must be between 1 and 1000, was " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > 32) {
            throw new IllegalArgumentException(
                    "codesynth.kafka.replication-factor must be between 1 and 32, was " + replicationFactor);
        }
    }
}
