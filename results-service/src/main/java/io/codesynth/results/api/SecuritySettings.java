package io.codesynth.results.api;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API keys the read API accepts, shared with the gateway.
 *
 * @param apiKeys each key's tenant and the lower-case hex SHA-256 of the key (never the key itself)
 */
@ConfigurationProperties("codesynth.security")
record SecuritySettings(List<ApiKeyEntry> apiKeys) {

    SecuritySettings {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /**
     * @param tenant    the tenant whose jobs the key may read
     * @param keySha256 SHA-256 of the key, 64 hex digits (see {@code ApiKeys.sha256Hex})
     */
    record ApiKeyEntry(String tenant, String keySha256) {
    }
}
