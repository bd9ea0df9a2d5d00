package io.codesynth.gateway.submission;

import io.codesynth.contracts.auth.ApiKeys;
import io.codesynth.gateway.GatewayProperties;
import io.codesynth.gateway.problem.ApiException;
import io.codesynth.gateway.problem.FieldError;
import io.codesynth.gateway.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Turns a {@code POST /v1/jobs} request into a {@link JobDraft}, or into the problem that rejects it:
 * 415 for a media type other than JSON or NDJSON, 413 for a body over the limit (enforced while
 * reading), 400 with every field error found.
 */
@Component
class JobRequestReader {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final String ACCEPTED_TYPES = MediaType.APPLICATION_JSON_VALUE + ", " + NDJSON;

    /**
     * A readable request.
     *
     * @param fingerprint SHA-256 over media type, query and body: equal requests have equal fingerprints
     */
    record Parsed(JobDraft draft, String fingerprint) {
    }

    private enum BodyFormat { JSON, NDJSON }

    private final long maxBodyBytes;

    JobRequestReader(GatewayProperties properties) {
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    Parsed read(HttpServletRequest request) throws IOException {
        BodyFormat format = formatOf(request.getContentType());
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge();
        }
        Violations violations = new Violations();
        QueryParameters query = QueryParameters.parse(request.getQueryString(), violations);
        BoundedBody body = new BoundedBody(request.getInputStream(), maxBodyBytes);
        JobDraft draft;
        try {
            if (format == BodyFormat.JSON) {
                query.rejectAll("query parameters apply to application/x-ndjson bodies only; "
                        + "put the job's settings in the JSON body");
                draft = JsonJobReader.read(body, violations);
            } else {
                draft = NdjsonJobReader.read(body, query, violations);
            }
            body.drain();
        } catch (IOException | JacksonException e) {
            if (body.exceeded()) {
                throw tooLarge();
            }
            throw e;
        }
        if (body.exceeded()) {
            // a parser may have swallowed the failed read as a syntax error
            throw tooLarge();
        }
        if (!violations.isEmpty() || draft == null) {
            List<FieldError> errors = violations.list();
            throw new ApiException(ProblemType.INVALID_JOB, errors.size() == 1
                    ? "The job has 1 error; nothing was submitted."
                    : "The job has " + errors.size() + " errors; nothing was submitted.", errors);
        }
        String fingerprint = ApiKeys.sha256Hex(format + "\n" + query.canonical() + "\n" + body.sha256Hex());
        return new Parsed(draft, fingerprint);
    }

    private static BodyFormat formatOf(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("The request has no Content-Type; send the job as " + ACCEPTED_TYPES + ".");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw unsupported("The Content-Type '" + contentType + "' cannot be parsed; send the job as "
                    + ACCEPTED_TYPES + ".");
        }
        Charset charset = type.getCharset();
        if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
            throw unsupported("Jobs must be encoded as UTF-8, not " + charset.name() + ".");
        }
        if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
            return BodyFormat.JSON;
        }
        if (type.equalsTypeAndSubtype(NDJSON)) {
            return BodyFormat.NDJSON;
        }
        throw unsupported("The Content-Type '" + type.getType() + "/" + type.getSubtype()
                + "' is not supported; send the job as " + ACCEPTED_TYPES + ".");
    }

    private static ApiException unsupported(String detail) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ACCEPT, ACCEPTED_TYPES);
        headers.set("Accept-Post", ACCEPTED_TYPES);
        return new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail,
                List.of(FieldError.of(HttpHeaders.CONTENT_TYPE, "must be " + ACCEPTED_TYPES)), headers, null);
    }

    private ApiException tooLarge() {
        return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBodyBytes
                + " bytes (codesynth.gateway.max-body-size); split the problems into several jobs.",
                List.of(FieldError.of("body", "must be at most " + maxBodyBytes + " bytes")));
    }
}
