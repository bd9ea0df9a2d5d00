package io.codesynth.gateway.auth;

import io.codesynth.contracts.auth.ApiKeys;
import io.codesynth.gateway.problem.ApiException;
import io.codesynth.gateway.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Admits a request only with {@code Authorization: Bearer <key>} of a configured key and records the
 * key's tenant as the request attribute {@link #TENANT_ATTRIBUTE}. Runs as an interceptor rather than a
 * servlet filter so that its 401 goes through the same problem rendering as every other error.
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {

    /** Request attribute holding the authenticated tenant id. */
    public static final String TENANT_ATTRIBUTE = "io.codesynth.gateway.tenant";

    private static final String CHALLENGE = "Bearer realm=\"codesynth\"";

    private final ApiKeys apiKeys;

    ApiKeyInterceptor(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("This request needs an API key: send it as 'Authorization: Bearer <key>'.", CHALLENGE);
        }
        String tenant = apiKeys.tenantOfAuthorization(authorization).orElseThrow(() -> unauthorized(
                "The API key is not valid (expected 'Authorization: Bearer <key>' with a configured key).",
                CHALLENGE + ", error=\"invalid_token\""));
        request.setAttribute(TENANT_ATTRIBUTE, tenant);
        return true;
    }

    private static ApiException unauthorized(String detail, String challenge) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return new ApiException(ProblemType.UNAUTHORIZED, detail,
                List.of(), headers, null);
    }
}
