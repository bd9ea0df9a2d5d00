package io.codesynth.gateway.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders {@link ApiException}s as {@code application/problem+json} with an {@code errors} array. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handle(ApiException e) {
        ProblemType type = e.type();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), e.getMessage());
        problem.setType(type.type());
        problem.setTitle(type.title());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        if (type.status().is5xxServerError()) {
            // the cause says what failed downstream; the client only learns that it may retry
            log.warn("{}: {}", type.title(), e.getCause() == null ? e.getMessage() : e.getCause().toString());
        } else {
            log.debug("Rejected request: {} ({} errors)", e.getMessage(), e.errors().size());
        }
        return ResponseEntity.status(type.status()).headers(e.headers()).body(problem);
    }
}
