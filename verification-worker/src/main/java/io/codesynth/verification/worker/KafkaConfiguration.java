package io.codesynth.verification.worker;

import io.codesynth.contracts.Topics;
import io.codesynth.contracts.WorkerId;
import io.codesynth.kafka.PipelineErrorHandler;
import io.codesynth.verification.judge.CandidateVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** Wiring of the batch flow: the topics it reads and writes, the publisher, and the error handling. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /** This worker's id, carried by every report it publishes ({@code VerificationReport.verifiedBy}). */
    @Bean
    WorkerId workerId(WorkerSettings settings) {
        WorkerId id = settings.workerId();
        log.info("Verification worker id: {}{}", id, settings.configured() ? "" : " (" + WorkerId.SETTING
                + " is empty: <hostname>/<pid>)");
        return id;
    }

    @Bean
    ReportPublisher reportPublisher(KafkaTemplate<String, byte[]> template) {
        return new ReportPublisher(template);
    }

    @Bean
    BatchVerification batchVerification(CandidateVerifier verifier, ReportPublisher publisher,
                                        VerificationMetrics metrics, Clock clock, WorkerId workerId) {
        return new BatchVerification(verifier, publisher, metrics, clock, workerId);
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
