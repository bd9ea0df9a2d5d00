package io.codesynth.gateway.forwarding;

import io.codesynth.gateway.GatewayProperties;
import io.codesynth.gateway.problem.ApiException;
import io.codesynth.gateway.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Forwards a read request to results-service and streams its answer back unchanged: status, the
 * headers that describe the body, and the body itself, flushed as it arrives so that Server-Sent
 * Events reach the client without delay.
 */
@Component
class ResultsProxy implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ResultsProxy.class);

    /** Request headers results-service needs: the key (it checks tenant ownership), content negotiation, SSE resume. */
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of(
            HttpHeaders.AUTHORIZATION, HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, "Last-Event-ID",
            HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE);

    /** End-to-end response headers; hop-by-hop ones (Connection, Transfer-Encoding, ...) stay behind. */
    private static final List<String> FORWARDED_RESPONSE_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LANGUAGE, HttpHeaders.CONTENT_DISPOSITION,
            HttpHeaders.CACHE_CONTROL, HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED, HttpHeaders.EXPIRES,
            HttpHeaders.LINK, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.VARY,
            HttpHeaders.WWW_AUTHENTICATE, "X-Accel-Buffering");

    private final HttpClient client;
    private final String baseUrl;
    private final Duration responseTimeout;
    private final Duration retryAfter;

    ResultsProxy(GatewayProperties properties) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.resultsConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String base = properties.resultsUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.responseTimeout = properties.resultsTimeout();
        this.retryAfter = properties.retryAfter();
    }

    void forward(HttpServletRequest request, HttpServletResponse response) throws IOException {
        URI target = targetOf(request);
        // the timeout covers the wait for response headers only; a streamed body may last longer
        HttpRequest.Builder upstreamRequest = HttpRequest.newBuilder(target).GET().timeout(responseTimeout);
        for (String name : FORWARDED_REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                upstreamRequest.header(name, value);
            }
        }
        HttpResponse<InputStream> upstream;
        try {
            upstream = client.send(upstreamRequest.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unavailable(target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(target, e);
        }
        try (InputStream body = upstream.body()) {
            response.setStatus(upstream.statusCode());
            for (String name : FORWARDED_RESPONSE_HEADERS) {
                upstream.headers().allValues(name).forEach(value -> response.addHeader(name, value));
            }
            copy(body, response.getOutputStream());
        } catch (IOException e) {
            if (!response.isCommitted()) {
                response.reset();
                throw unavailable(target, e);
            }
            // the client went away or results-service broke off mid-stream; the response cannot change now
            log.debug("Forwarding {} ended early: {}", target.getPath(), e.toString());
        }
    }

    @Override
    public void destroy() {
        // open event streams would keep a graceful close waiting forever
        client.shutdownNow();
    }

    private URI targetOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        return URI.create(baseUrl + path + (query == null ? "" : "?" + query));
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (in.available() == 0) {
                // nothing more waiting: send what we have (an event must not sit in a buffer)
                out.flush();
            }
        }
        out.flush();
    }

    private ApiException unavailable(URI target, Exception cause) {
        log.debug("Results service unreachable for {}", target.getPath(), cause);
        return ApiException.unavailable(ProblemType.RESULTS_UNAVAILABLE,
                "The results service cannot be reached right now. Try again later.", retryAfter, cause);
    }
}
