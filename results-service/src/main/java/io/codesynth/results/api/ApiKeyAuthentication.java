package io.codesynth.results.api;

import io.codesynth.contracts.auth.ApiKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Resolves {@code Authorization: Bearer <key>} to a tenant for every {@code /v1} request, or refuses
 * the request with 401. The tenant travels as a request attribute to the controllers.
 */
final class ApiKeyAuthentication implements HandlerInterceptor {

    /** Request attribute holding the authenticated tenant id. */
    static final String TENANT = "io.codesynth.results.tenant";

    private final ApiKeys keys;

    ApiKeyAuthentication(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String tenant = keys.tenantOfAuthorization(authorization).orElseThrow(() -> ApiProblem.unauthorized(
                authorization == null
                        ? "missing Authorization header; send 'Authorization: Bearer <api key>'"
                        : "the API key is not valid"));
        request.setAttribute(TENANT, tenant);
        return true;
    }
}
