package io.codesynth.gateway.submission;

import io.codesynth.gateway.auth.ApiKeyInterceptor;
import io.codesynth.gateway.problem.ApiException;
import io.codesynth.gateway.problem.FieldError;
import io.codesynth.gateway.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/jobs}: a job as JSON or as NDJSON (HumanEval / MBPP lines). Reads the body itself,
 * so that media type, size and syntax errors are all reported in the gateway's problem format.
 */
@RestController
class JobSubmissionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final JobRequestReader reader;
    private final JobSubmission submission;

    JobSubmissionController(JobRequestReader reader, JobSubmission submission) {
        this.reader = reader;
        this.submission = submission;
    }

    @PostMapping("/v1/jobs")
    ResponseEntity<SubmissionReceipt> submit(@RequestAttribute(ApiKeyInterceptor.TENANT_ATTRIBUTE) String tenant,
                                             @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                             HttpServletRequest request) throws IOException {
        checkIdempotencyKey(idempotencyKey);
        JobRequestReader.Parsed parsed = reader.read(request);
        JobSubmission.Result result = submission.submit(tenant, parsed, idempotencyKey);
        // a replay answers exactly as the original did, flagged so the client can tell
        return ResponseEntity.accepted()
                .location(URI.create(result.receipt().links().self()))
                .header(REPLAYED, Boolean.toString(result.replayed()))
                .body(result.receipt());
    }

    private static void checkIdempotencyKey(String key) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "The Idempotency-Key header is not usable.",
                    List.of(FieldError.of(IDEMPOTENCY_KEY, "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                            + " visible ASCII characters (a UUID is a good choice)")));
        }
    }
}
