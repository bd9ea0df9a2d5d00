package io.codesynth.generation;

import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.MessageTypes;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Topics;
import io.codesynth.generation.decode.GenerationEngine;
import io.codesynth.generation.decode.GenerationMetrics;
import io.codesynth.generation.decode.GenerationOutcome;
import io.codesynth.generation.decode.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.SendResult;
import tools.jackson.core.JacksonException;

/**
 * Handles one poll's generation requests: hands them all to the batcher at once (so they can share micro-batches),
 * then, in record order, publishes each request's candidate batch or dead-letters it, and returns only when the
 * broker has acknowledged every one of them. The container commits the poll's offsets after that.
 *
 * <p>Why acknowledged sends rather than a Kafka transaction: decoding happens on the batcher's thread, the
 * consumer lives on the listener's, and a poll's requests finish at different times; a transaction would have to
 * span the whole poll, holding read_committed consumers of the candidates topic back for the duration of the
 * slowest decode. At-least-once is enough here because redelivery is harmless: candidate and batch ids are
 * derived from the task key and every sample is seeded from the task's seed, so a redelivered request yields the
 * same candidates under the same ids, and downstream consumers are idempotent.
 *
 * <p>Infrastructure failures (a publish not acknowledged) throw {@link BatchListenerFailedException} with the
 * first unfinished record's index: the records before it are committed, the rest redelivered by the error handler.
 */
final class RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    private static final String EXPECTED_TYPE = MessageTypes.typeName(GenerationRequest.class);

    private final ModelStartup startup;
    private final CandidatePublisher publisher;
    private final DeadLetters deadLetters;
    private final GenerationMetrics metrics;
    private final Duration publishTimeout;

    RequestHandler(ModelStartup startup, CandidatePublisher publisher, DeadLetters deadLetters,
            GenerationMetrics metrics, Duration publishTimeout) {
        this.startup = startup;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
    }

    private record Publication(int index, ConsumerRecord<String, byte[]> record, String taskKey, int candidates,
            CompletableFuture<SendResult<String, byte[]>> sent) {
    }

    void handle(List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        GenerationEngine engine = startup.engine().orElseThrow(() -> new BatchListenerFailedException(
                "no model to decode with", new WorkerStoppingException("the model is not loaded", null), 0));
        List<CompletableFuture<GenerationOutcome>> outcomes = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            outcomes.add(submit(engine, record));
        }
        List<Publication> publications = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                switch (await(outcomes.get(i), i)) {
                    case GenerationOutcome.Generated generated -> publications.add(publish(i, record, generated));
                    case GenerationOutcome.Failed failed -> {
                        awaitPublished(publications);
                        deadLetter(i, record, failed.reason(), failed.cause());
                    }
                }
            } catch (BatchListenerFailedException e) {
                // a failure at index i tells the container to commit everything before i: settle those first
                // (an earlier publish that failed too then reports its own, smaller index)
                awaitPublished(publications);
                throw e;
            }
        }
        awaitPublished(publications);
    }

    private Publication publish(int index, ConsumerRecord<String, byte[]> record,
            GenerationOutcome.Generated generated) {
        try {
            return new Publication(index, record, generated.batch().taskKey(), generated.batch().candidates().size(),
                    publisher.publish(generated.batch()));
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("publishing the candidates of task " + generated.batch().taskKey()
                    + " failed", e, index);
        }
    }

    /** Parses, checks and queues one request; a request that can never be decoded fails at once. */
    private CompletableFuture<GenerationOutcome> submit(GenerationEngine engine, ConsumerRecord<String, byte[]> record) {
        try {
            return engine.submit(engine.prepare(read(record)));
        } catch (InvalidRequestException e) {
            return CompletableFuture.completedFuture(new GenerationOutcome.Failed(e.getMessage(), e));
        } catch (RuntimeException e) {
            // preparing touches only this request (its JSON, its prompt): whatever broke, it broke for this one
            return CompletableFuture.completedFuture(
                    new GenerationOutcome.Failed("the request could not be prepared: " + rootMessage(e), e));
        }
    }

    static GenerationRequest read(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(Topics.TYPE_HEADER);
        if (type != null && !EXPECTED_TYPE.equals(new String(type.value(), StandardCharsets.UTF_8).trim())) {
            throw new InvalidRequestException("unexpected message type '" + new String(type.value(), StandardCharsets.UTF_8)
                    + "' in header " + Topics.TYPE_HEADER + ", expected " + EXPECTED_TYPE);
        }
        if (record.value() == null) {
            throw new InvalidRequestException("empty record: no generation request");
        }
        GenerationRequest request;
        try {
            request = PipelineJson.fromBytes(record.value(), GenerationRequest.class);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("not a valid GenerationRequest: " + rootMessage(e), e);
        }
        if (record.key() != null && !record.key().equals(request.taskKey())) {
            throw new InvalidRequestException("record key '" + record.key() + "' is not the request's task key '"
                    + request.taskKey() + "'");
        }
        return request;
    }

    private GenerationOutcome await(CompletableFuture<GenerationOutcome> outcome, int index) {
        try {
            return outcome.get();
        } catch (CancellationException e) {
            // the batcher closed before the request's batch ran, or its decode was cancelled: shutdown
            throw new BatchListenerFailedException("the worker is stopping",
                    new WorkerStoppingException("the worker stopped before the request was decoded", e), index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchListenerFailedException("interrupted while waiting for decoding",
                    new WorkerStoppingException("interrupted while waiting for decoding", e), index);
        } catch (ExecutionException e) {
            // the batch failed as a whole (not this request's fault): let the error handler retry it
            throw new BatchListenerFailedException("decoding failed", e.getCause(), index);
        }
    }

    /**
     * Waits, in record order, until the broker has acknowledged each publication, removing each from the list once
     * settled.
     */
    private void awaitPublished(List<Publication> publications) {
        Iterator<Publication> pending = publications.iterator();
        while (pending.hasNext()) {
            settle(pending.next());
            pending.remove();
        }
    }

    private void settle(Publication publication) {
        try {
            publication.sent().get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
            metrics.requestGenerated();
            log.info("Published {} candidate(s) for task {}", publication.candidates(), publication.taskKey());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                // deterministic: the same request would produce the same oversized batch again
                deadLetter(publication.index(), publication.record(), "the candidate batch is larger than the "
                        + "largest message allowed (codesynth.generation.max-message-bytes): " + tooLarge.getMessage(),
                        tooLarge);
            } else {
                throw new BatchListenerFailedException("publishing the candidates of task " + publication.taskKey()
                        + " failed", e.getCause(), publication.index());
            }
        } catch (TimeoutException e) {
            throw new BatchListenerFailedException("the broker did not acknowledge the candidates of task "
                    + publication.taskKey() + " within " + publishTimeout, e, publication.index());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchListenerFailedException("interrupted while publishing",
                    new WorkerStoppingException("interrupted while publishing", e), publication.index());
        }
    }

    private void deadLetter(int index, ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        try {
            deadLetters.reject(record, reason, cause);
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("dead-lettering request " + record.key() + " failed", e, index);
        }
    }

    /** The innermost message on one line; Jackson's without its source location. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JacksonException jackson ? jackson.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getName() : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
