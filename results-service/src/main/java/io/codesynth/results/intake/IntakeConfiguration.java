package io.codesynth.results.intake;

import io.codesynth.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.transaction.support.TransactionTemplate;

/** Wiring of the job intake: its store, the topics it reads and writes, and its error handling. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    @Bean
    JobIntake jobIntake(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock,
                        MeterRegistry meters) {
        return new JobIntake(new JobStore(jdbc), transaction, clock, meters);
    }

    /** Declared here too, so the consumer finds its topic even when it starts before the gateway. */
    @Bean
    NewTopic jobsTopic(TopicSettings settings) {
        return topic(Topics.JOBS, settings);
    }

    @Bean
    NewTopic jobsDeadLetterTopic(TopicSettings settings) {
        return topic(Topics.dlt(Topics.JOBS), settings);
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(ProducerFactory<String, byte[]> producerFactory, MeterRegistry meters) {
        return new DeadLetterPublisher(producerFactory, meters);
    }

    /**
     * Records that can never succeed (undecodable, contract broken) go to the dead-letter topic at
     * once. Anything else (say, the database is briefly away) is retried with backoff for about
     * 25 seconds, then dead-lettered too, so a partition is never blocked for good. Picked up by
     * Boot's listener container factory.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublisher deadLetters) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(6);
        backOff.setInitialInterval(500);
        backOff.setMultiplier(2);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(InvalidJobMessage.class);
        return handler;
    }

    private static NewTopic topic(String name, TopicSettings settings) {
        return TopicBuilder.name(name)
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor())
                .build();
    }
}
