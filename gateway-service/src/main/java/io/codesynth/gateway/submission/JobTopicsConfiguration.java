package io.codesynth.gateway.submission;

import io.codesynth.contracts.Topics;
import io.codesynth.gateway.GatewayProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics the gateway writes (jobs and generation, with their dead-letter twins) and the producer
 * that writes them: transactional, idempotent, {@code acks=all}, with timeouts short enough that an
 * unreachable broker turns into a prompt 503 rather than a hanging request.
 */
@Configuration(proxyBeanMethods = false)
class JobTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics jobTopics(KafkaTopicProperties topics, GatewayProperties gateway) {
        return new KafkaAdmin.NewTopics(
                topic(Topics.JOBS, topics, gateway),
                topic(Topics.dlt(Topics.JOBS), topics, gateway),
                topic(Topics.GENERATION, topics, gateway),
                topic(Topics.dlt(Topics.GENERATION), topics, gateway));
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer jobProducer(GatewayProperties gateway) {
        Map<String, Object> settings = producerSettings(gateway);
        // unique per instance: gateways never fence each other, and each transaction stands alone
        String transactionIdPrefix = "codesynth-gateway-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        return factory -> {
            factory.updateConfigs(settings);
            factory.setTransactionIdPrefix(transactionIdPrefix);
        };
    }

    static Map<String, Object> producerSettings(GatewayProperties gateway) {
        // worst case of a failing publish: the commit waits out delivery (2/3), then the abort blocks (1/3)
        long third = Math.max(100, gateway.publishTimeout().toMillis() / 3);
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, gateway.maxMessageBytes());
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, 2L * gateway.maxMessageBytes()));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, third);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.toIntExact(third));
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.toIntExact(2 * third));
        // a gateway that dies mid-transaction blocks read_committed consumers until this expires
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.toIntExact(Math.max(10_000, 9 * third)));
        return settings;
    }

    private static NewTopic topic(String name, KafkaTopicProperties topics, GatewayProperties gateway) {
        return TopicBuilder.name(name)
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(gateway.maxMessageBytes()))
                .build();
    }
}
