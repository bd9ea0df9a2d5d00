package io.codesynth.results.intake;

import io.codesynth.contracts.Topics;
import io.codesynth.kafka.PipelineErrorHandler;
import io.codesynth.results.progress.JobProgress;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wiring of the intake: its stores, the topics it reads, and its error handling. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    static final String DEAD_LETTER_CONTAINER_FACTORY = "deadLetterContainerFactory";

    @Bean
    JobIntake jobIntake(NamedParameterJdbcTemplate jdbc, JobProgress progress, MeterRegistry meters) {
        return new JobIntake(new JobStore(jdbc), progress, meters);
    }

    @Bean
    TaskIntake taskIntake(NamedParameterJdbcTemplate jdbc, JobProgress progress, MeterRegistry meters) {
        return new TaskIntake(new TaskStore(jdbc), progress, meters);
    }

    @Bean
    DeadLetterIntake deadLetterIntake(NamedParameterJdbcTemplate jdbc, JobProgress progress) {
        return new DeadLetterIntake(new TaskStore(jdbc), progress, JobsListener.GROUP);
    }

    /**
     * The consumed topics and their dead-letter topics, declared here too so that the consumers find
     * them even when this service starts before the services that write them; and the results topic.
     */
    @Bean
    KafkaAdmin.NewTopics topics(TopicSettings settings) {
        List<String> names = List.of(Topics.JOBS, Topics.CANDIDATES, Topics.VERDICTS);
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(topic(name, settings));
            topics.add(topic(Topics.dlt(name), settings));
        }
        topics.add(topic(Topics.dlt(Topics.GENERATION), settings));
        topics.add(topic(Topics.RESULTS, settings));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(ProducerFactory<String, byte[]> producerFactory, MeterRegistry meters) {
        return new DeadLetterPublisher(producerFactory, meters);
    }

    /** The pipeline's policy: invalid records dead-lettered at once, other failures after retries. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublisher deadLetters) {
        return PipelineErrorHandler.create(deadLetters);
    }

    /**
     * For the dead-letter topics: a failure there is the database's (only key and headers are read), and
     * a dead letter must not be lost in a dead letter of its own, so it is retried until it is stored.
     */
    @Bean(DEAD_LETTER_CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> deadLetterContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }

    private static NewTopic topic(String name, TopicSettings settings) {
        return TopicBuilder.name(name)
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor())
                .build();
    }
}
