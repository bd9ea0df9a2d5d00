package io.codesynth.gateway.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API keys that may call the gateway ({@code codesynth.security.api-keys}): each entry names a
 * tenant and the lower-case hex SHA-256 of its key, so the configuration never holds a usable key.
 */
@ConfigurationProperties("codesynth.security")
public record ApiKeyProperties(List<Entry> apiKeys) {

    public ApiKeyProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /**
     * @param tenant    the tenant whose jobs this key submits and reads
     * @param keySha256 hex SHA-256 of the key ({@code printf %s "$KEY" | sha256sum})
     */
    public record Entry(String tenant, String keySha256) {
    }
}
