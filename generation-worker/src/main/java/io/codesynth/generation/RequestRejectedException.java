package io.codesynth.generation;

/** A generation request dead-lettered on its own; the message is the one-line reason. */
class RequestRejectedException extends RuntimeException {

    RequestRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
