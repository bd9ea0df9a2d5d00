package io.codesynth.generation;

import io.codesynth.contracts.Topics;
import io.codesynth.generation.decode.GenerationMetrics;
import io.codesynth.kafka.PipelineErrorHandler;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** The topics the worker reads and writes, its producer and consumer settings, and its error handling. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Declared here too, so the worker finds its topics whichever service starts first. */
    @Bean
    KafkaAdmin.NewTopics generationTopics(TopicSettings topics, GenerationProperties properties) {
        NewTopic candidates = TopicBuilder.name(Topics.CANDIDATES)
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(properties.maxMessageBytesAsInt()))
                .build();
        return new KafkaAdmin.NewTopics(
                topic(Topics.GENERATION, topics),
                topic(Topics.dlt(Topics.GENERATION), topics),
                candidates);
    }

    /**
     * Idempotent, acks=all: a candidate batch counts as published (and its request's offset may be committed)
     * only once every in-sync replica has it.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer generationProducer(GenerationProperties properties) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, properties.maxMessageBytesAsInt());
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, 2L * properties.maxMessageBytesAsInt()));
        int timeout = Math.toIntExact(properties.publishTimeout().toMillis());
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return factory -> factory.updateConfigs(settings);
    }

    /**
     * A poll hands at most max-poll-records requests to the batcher, and the listener returns only when all of
     * them are decoded: max.poll.interval.ms must cover that, or the broker would reassign the partitions.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer generationConsumer(GenerationProperties properties) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Math.toIntExact(properties.maxPollInterval().toMillis()));
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(50 * 1024 * 1024, properties.maxMessageBytesAsInt()));
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, properties.maxMessageBytesAsInt());
        return factory -> factory.updateConfigs(settings);
    }

    @Bean
    KafkaTemplate<String, byte[]> generationTemplate(ProducerFactory<String, byte[]> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    CandidatePublisher candidatePublisher(KafkaTemplate<String, byte[]> generationTemplate) {
        return new CandidatePublisher(generationTemplate);
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> generationTemplate, GenerationMetrics metrics,
            GenerationProperties properties) {
        return new DeadLetters(generationTemplate, metrics, properties.publishTimeout());
    }

    @Bean
    RequestHandler requestHandler(ModelStartup startup, CandidatePublisher publisher, DeadLetters deadLetters,
            GenerationMetrics metrics, GenerationProperties properties) {
        return new RequestHandler(startup, publisher, deadLetters, metrics, properties.publishTimeout());
    }

    /**
     * Requests the worker cannot decode never reach this handler: {@link RequestHandler} dead-letters them itself.
     * What remains are infrastructure failures (the broker did not acknowledge a publish): retried with backoff
     * for about 25 seconds, each retry decoding the request again, then dead-lettered with the reason, so a
     * partition is never blocked for good. Picked up by Boot's listener container factory.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetters deadLetters) {
        return PipelineErrorHandler.create(deadLetters);
    }

    private static NewTopic topic(String name, TopicSettings settings) {
        return TopicBuilder.name(name).partitions(settings.partitions()).replicas(settings.replicationFactor()).build();
    }
}
