package io.codesynth.verification.worker;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.PipelineErrorHandler;
import io.codesynth.verification.judge.CandidateVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** Wiring of the batch flow: the topics it reads and writes, the publisher, and the error handling. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    ReportPublisher reportPublisher(KafkaTemplate<String, byte[]> template) {
        return new ReportPublisher(template);
    }

    @Bean
    BatchVerification batchVerification(CandidateVerifier verifier, ReportPublisher publisher,
                                        VerificationMetrics metrics, Clock clock) {
        return new BatchVerification(verifier, publisher, metrics, clock);
    }

    /** Declared here too, so the consumer finds its topic even when it starts before the producers. */
    @Bean
    NewTopic candidatesTopic(TopicSettings settings) {
        return topic(Topics.CANDIDATES, settings);
    }

    @Bean
    NewTopic candidatesDeadLetterTopic(TopicSettings settings) {
        return topic(Topics.dlt(Topics.CANDIDATES), settings);
    }

    @Bean
    NewTopic verdictsTopic(TopicSettings settings) {
        return topic(Topics.VERDICTS, settings);
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(ProducerFactory<String, byte[]> producerFactory, MeterRegistry meters) {
        return new DeadLetterPublisher(producerFactory, meters);
    }

    /** The pipeline's policy: invalid batches dead-lettered at once, other failures after retries. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublisher deadLetters) {
        return PipelineErrorHandler.create(deadLetters);
    }

    private static NewTopic topic(String name, TopicSettings settings) {
        return TopicBuilder.name(name)
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor())
                .build();
    }
}
