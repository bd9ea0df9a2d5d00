package io.codesynth.gateway;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway ({@code codesynth.gateway.*}), checked at start-up.
 *
 * @param resultsUrl            base URL of results-service, where the read routes are forwarded
 * @param resultsConnectTimeout how long to wait for a connection to results-service
 * @param resultsTimeout        how long to wait for results-service's response headers (a streamed body
 *                              such as Server-Sent Events may then last as long as it likes)
 * @param maxBodySize           largest accepted {@code POST /v1/jobs} body; larger ones get 413
 * @param publishTimeout        roughly how long publishing a job may take before the client gets 503;
 *                              bounds the producer's blocking and delivery timeouts
 * @param retryAfter            the {@code Retry-After} given with a 503
 */
@ConfigurationProperties("codesynth.gateway")
public record GatewayProperties(
        @DefaultValue("http://localhost:8081") URI resultsUrl,
        @DefaultValue("2s") Duration resultsConnectTimeout,
        @DefaultValue("30s") Duration resultsTimeout,
        @DefaultValue("4MB") DataSize maxBodySize,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("10s") Duration retryAfter) {

    /** A job message may be this many times the body limit: the encoded job repeats field names and adds ids. */
    static final int MESSAGE_SIZE_FACTOR = 2;

    private static final long LARGEST_BODY = 256L * 1024 * 1024;

    public GatewayProperties {
        if (resultsUrl == null || !resultsUrl.isAbsolute()
                || !("http".equals(resultsUrl.getScheme()) || "https".equals(resultsUrl.getScheme()))) {
            throw new IllegalArgumentException(
                    "codesynth.gateway.results-url must be an absolute http(s) URL, was '" + resultsUrl + "'");
        }
        requirePositive(resultsConnectTimeout, "results-connect-timeout");
        requirePositive(resultsTimeout, "results-timeout");
        requirePositive(retryAfter, "retry-after");
        if (publishTimeout == null || publishTimeout.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException(
                    "codesynth.gateway.publish-timeout must be at least 200ms, was " + publishTimeout);
        }
        if (maxBodySize == null || maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > LARGEST_BODY) {
            throw new IllegalArgumentException("codesynth.gateway.max-body-size must be between 1KB and "
                    + LARGEST_BODY / (1024 * 1024) + "MB, was " + maxBodySize);
        }
    }

    /** Largest encoded job message; used for the producer's max.request.size and the topics' max.message.bytes. */
    public int maxMessageBytes() {
        return Math.toIntExact(MESSAGE_SIZE_FACTOR * maxBodySize.toBytes());
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("codesynth.gateway." + name + " must be a positive duration, was " + value);
        }
    }
}
