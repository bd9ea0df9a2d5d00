package io.codesynth.results.api;

import io.codesynth.contracts.auth.ApiKeys;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Checks the configured API keys as soon as the configuration is read, before the database or the
 * broker is contacted, so a service without keys fails at once with a message naming the property.
 * {@code ResultsApplication.application()} registers it; {@link WebConfiguration} applies the same
 * check when the context is started some other way (tests).
 */
public final class ApiKeyCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        apiKeys(Binder.get(event.getEnvironment())
                .bind("codesynth.security", SecuritySettings.class)
                .orElseGet(() -> new SecuritySettings(null)));
    }

    /** Fails start-up with a message naming the property; the messages never contain a key or a full hash. */
    static ApiKeys apiKeys(SecuritySettings settings) {
        if (settings.apiKeys().isEmpty()) {
            throw new InvalidApiKeysException("No API keys configured: set codesynth.security.api-keys to a list of"
                    + " {tenant, key-sha256} entries, where key-sha256 is the lower-case hex SHA-256 of the key"
                    + " (e.g. printf %s \"$KEY\" | sha256sum). Without keys no tenant could read its jobs.");
        }
        Map<String, String> tenantByHash = new LinkedHashMap<>();
        for (int i = 0; i < settings.apiKeys().size(); i++) {
            SecuritySettings.ApiKeyEntry entry = settings.apiKeys().get(i);
            String where = "codesynth.security.api-keys[" + i + "]";
            if (entry.tenant() == null || entry.tenant().isBlank()) {
                throw new InvalidApiKeysException(where + ".tenant is missing");
            }
            String hash = entry.keySha256() == null ? "" : entry.keySha256().trim().toLowerCase(Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new InvalidApiKeysException(where + ".key-sha256 (tenant '" + entry.tenant()
                        + "') must be the 64 hex digits of the key's SHA-256, not the key itself; got "
                        + hash.length() + " characters");
            }
            String previous = tenantByHash.putIfAbsent(hash, entry.tenant());
            if (previous != null && !previous.equals(entry.tenant().trim())) {
                throw new InvalidApiKeysException(where + ".key-sha256 is already the key of tenant '" + previous
                        + "'; one key can belong to one tenant only");
            }
        }
        return ApiKeys.of(tenantByHash);
    }
}
