package io.codesynth.results.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An RFC 9457 problem the API answers with; rendered as {@code application/problem+json}. */
final class ApiProblem extends ErrorResponseException {

    private final HttpHeaders headers;

    private ApiProblem(HttpStatus status, String detail, HttpHeaders headers) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.headers = headers;
    }

    static ApiProblem unauthorized(String detail) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"codesynth\"");
        return new ApiProblem(HttpStatus.UNAUTHORIZED, detail, headers);
    }

    static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, detail, HttpHeaders.EMPTY);
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail, HttpHeaders.EMPTY);
    }

    static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, detail, HttpHeaders.EMPTY);
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }
}
