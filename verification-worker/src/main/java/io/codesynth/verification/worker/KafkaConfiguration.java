package io.codesynth.verification.worker;

import io.codesynth.contracts.Topics;
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
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

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

    /**
     * Batches that can never succeed (undecodable, contract broken) go to the dead-letter topic at
     * once. Anything else (say, the broker is briefly away while publishing) is retried with backoff
     * for about 25 seconds, then dead-lettered too, so a partition is never blocked for good. Picked
     * up by Boot's listener container factory.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublisher deadLetters) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(6);
        backOff.setInitialInterval(500);
        backOff.setMultiplier(2);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(InvalidBatchMessage.class);
        return handler;
    }

    private static NewTopic topic(String name, TopicSettings settings) {
        return TopicBuilder.name(name)
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor())
                .build();
    }
}
