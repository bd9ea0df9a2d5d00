package io.codesynth.verification.worker;

import io.codesynth.contracts.MessageTypes;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.contracts.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes reports on the verdicts topic (key = task key, type header) and waits for the broker's acknowledgement. */
class ReportPublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> template;

    ReportPublisher(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    void publish(VerificationReport report) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.VERDICTS, report.messageKey(),
                PipelineJson.toBytes(report));
        record.headers().add(Topics.TYPE_HEADER, MessageTypes.typeName(report).getBytes(StandardCharsets.UTF_8));
        try {
            template.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing report " + report.reportId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish report " + report.reportId() + ": " + e.getMessage(), e);
        }
    }
}
