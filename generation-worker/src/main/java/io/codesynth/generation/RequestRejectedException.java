package io.codesynth.generation;

import io.codesynth.kafka.InvalidMessageException;

/** A generation request dead-lettered on its own; the message is the one-line reason. */
class RequestRejectedException extends InvalidMessageException {

    RequestRejectedException(String reason, Throwable cause) {
        super(reason, null, cause);
    }
}
