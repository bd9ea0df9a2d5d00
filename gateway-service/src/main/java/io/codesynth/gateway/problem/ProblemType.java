package io.codesynth.gateway.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the gateway answers with (RFC 9457). The type URIs are stable identifiers a
 * client can switch on; the titles are the same for every occurrence of a type.
 */
public enum ProblemType {
    INVALID_JOB(HttpStatus.BAD_REQUEST, "invalid-job", "The job is invalid"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid API key is required"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.CONFLICT, "idempotency-key-reused",
            "The idempotency key was already used for a different request"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
            "The request body's media type is not supported"),
    QUEUE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "queue-unavailable",
            "The job queue is unavailable; nothing was submitted"),
    IDEMPOTENCY_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "idempotency-store-unavailable",
            "The idempotency store is unavailable; nothing was submitted"),
    RESULTS_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "results-unavailable", "The results service is unavailable");

    private static final String TYPE_PREFIX = "urn:codesynth:problem:";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(TYPE_PREFIX + slug);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }
}
