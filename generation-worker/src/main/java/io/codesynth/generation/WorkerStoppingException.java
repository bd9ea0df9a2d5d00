package io.codesynth.generation;

/**
 * The worker is shutting down (or has no model) while requests were in flight. Never dead-lettered: the requests'
 * offsets stay uncommitted, so they are decoded again after the restart.
 */
class WorkerStoppingException extends RuntimeException {

    WorkerStoppingException(String message, Throwable cause) {
        super(message, cause);
    }
}
