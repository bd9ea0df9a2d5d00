package io.codesynth.verification.worker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the topics this service declares are created (shared by all services).
 *
 * @param partitions        partitions of each declared topic
 * @param replicationFactor replicas of each partition; 1 suits a single broker
 */
@Validated
@ConfigurationProperties("codesynth.kafka")
record TopicSettings(
        @DefaultValue("3") @Min(1) @Max(1000) int partitions,
        @DefaultValue("1") @Min(1) @Max(32) short replicationFactor) {
}
