package io.codesynth.kafka;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The error policy of every pipeline consumer, so that all of them fail the same way: a record that can never
 * succeed ({@link InvalidMessageException}) goes to the dead-letter topic at once; anything else (the broker or
 * the database briefly away) is retried with backoff (0.5 s doubling up to 10 s, six retries: about 25 seconds),
 * then dead-lettered too, so a partition is never blocked for good and no failure is swallowed.
 */
public final class PipelineErrorHandler {

    private PipelineErrorHandler() {
    }

    /** A handler with the pipeline's policy that hands exhausted or invalid records to the recoverer. */
    public static DefaultErrorHandler create(ConsumerRecordRecoverer deadLetters) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(6);
        backOff.setInitialInterval(500);
        backOff.setMultiplier(2);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(InvalidMessageException.class);
        return handler;
    }
}
