package io.codesynth.gateway.problem;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * A request the gateway answers with a problem document instead of a result. Thrown wherever the
 * reason is found; {@link ApiExceptionHandler} turns it into the response.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;
    private final HttpHeaders headers;

    public ApiException(ProblemType type, String detail, List<FieldError> errors, HttpHeaders headers, Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.headers = headers;
    }

    public ApiException(ProblemType type, String detail, List<FieldError> errors) {
        this(type, detail, errors, new HttpHeaders(), null);
    }

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    /** A 503 that tells the client when to try again. */
    public static ApiException unavailable(ProblemType type, String detail, Duration retryAfter, Throwable cause) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return new ApiException(type, detail, List.of(), headers, cause);
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
