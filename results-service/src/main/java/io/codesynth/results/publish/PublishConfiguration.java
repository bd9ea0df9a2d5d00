package io.codesynth.results.publish;

import io.codesynth.results.ResultsSettings;
import java.time.Clock;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox of the public results topic and its relay. */
@Configuration(proxyBeanMethods = false)
class PublishConfiguration {

    @Bean
    OutboxRelay outboxRelay(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock,
                            KafkaProperties kafka, ResultsSettings settings) {
        ResultsSettings.Outbox outbox = settings.outbox();
        return new OutboxRelay(jdbc, transaction, clock, kafka.buildProducerProperties(),
                kafka.buildConsumerProperties(), outbox.pollInterval(), outbox.batchSize(), outbox.sendTimeout());
    }

    @Bean
    Outbox outbox(NamedParameterJdbcTemplate jdbc, OutboxRelay relay) {
        return new Outbox(jdbc, relay::wakeUp);
    }
}
