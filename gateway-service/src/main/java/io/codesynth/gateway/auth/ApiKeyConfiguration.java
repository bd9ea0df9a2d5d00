package io.codesynth.gateway.auth;

import io.codesynth.contracts.auth.ApiKeys;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Builds the key registry from configuration and guards every {@code /v1/**} route with it. */
@Configuration(proxyBeanMethods = false)
class ApiKeyConfiguration {

    static final String HOW_TO_ADD_A_KEY = """
            Add API keys under codesynth.security.api-keys, for example in an application.yml in the working directory:
              codesynth:
                security:
                  api-keys:
                    - tenant: acme
                      key-sha256: <lower-case hex SHA-256 of the key, e.g. printf %s "$KEY" | sha256sum>
            or as environment variables CODESYNTH_SECURITY_APIKEYS_0_TENANT and CODESYNTH_SECURITY_APIKEYS_0_KEYSHA256.""";

    @Bean
    ApiKeys apiKeys(ApiKeyProperties properties) {
        return registry(properties);
    }

    @Bean
    WebMvcConfigurer apiKeyGuard(ApiKeys apiKeys) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new ApiKeyInterceptor(apiKeys)).addPathPatterns("/v1/**");
            }
        };
    }

    /**
     * The registry of the configured keys.
     *
     * @throws ApiKeyConfigurationException when no key is configured (no client could do anything) or an entry
     *                               is unusable; the message says how to fix it and never shows a hash in full
     */
    static ApiKeys registry(ApiKeyProperties properties) {
        if (properties.apiKeys().isEmpty()) {
            throw new ApiKeyConfigurationException("No API keys are configured, so no client could use the gateway.");
        }
        Map<String, String> tenantByHash = new LinkedHashMap<>();
        for (int i = 0; i < properties.apiKeys().size(); i++) {
            ApiKeyProperties.Entry entry = properties.apiKeys().get(i);
            String where = "codesynth.security.api-keys[" + i + "]";
            if (entry == null || entry.tenant() == null || entry.tenant().isBlank()) {
                throw new ApiKeyConfigurationException(where + ".tenant is missing.");
            }
            String hash = entry.keySha256() == null ? "" : entry.keySha256().trim().toLowerCase(Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new ApiKeyConfigurationException(where + ".key-sha256 (tenant '" + entry.tenant()
                        + "') must be 64 hex digits, the SHA-256 of the key, not the key itself.");
            }
            String previous = tenantByHash.putIfAbsent(hash, entry.tenant().trim());
            if (previous != null) {
                throw new ApiKeyConfigurationException(where + ".key-sha256 is configured twice (tenants '" + previous
                        + "' and '" + entry.tenant() + "'); one key can belong to one tenant only");
            }
        }
        return ApiKeys.of(tenantByHash);
    }
}
