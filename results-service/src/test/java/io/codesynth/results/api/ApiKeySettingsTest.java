package io.codesynth.results.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.auth.ApiKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeySettingsTest {

    @Test
    void refusesToStartWithoutKeys() {
        assertThatThrownBy(() -> ApiKeyCheck.apiKeys(new SecuritySettings(null)))
                .isInstanceOf(InvalidApiKeysException.class)
                .hasMessageContaining("codesynth.security.api-keys");
    }

    @Test
    void refusesAPlainKeyWithoutRepeatingIt() {
        String key = ApiKeys.generateKey();
        assertThatThrownBy(() -> ApiKeyCheck.apiKeys(
                new SecuritySettings(List.of(new SecuritySettings.ApiKeyEntry("acme", key)))))
                .isInstanceOf(InvalidApiKeysException.class)
                .hasMessageContaining("codesynth.security.api-keys[0].key-sha256")
                .message().doesNotContain(key);
    }

    @Test
    void refusesAnEntryWithoutTenant() {
        assertThatThrownBy(() -> ApiKeyCheck.apiKeys(new SecuritySettings(
                List.of(new SecuritySettings.ApiKeyEntry(" ", ApiKeys.sha256Hex("k"))))))
                .hasMessage("codesynth.security.api-keys[0].tenant is missing");
    }

    @Test
    void mapsEachKeyToItsTenant() {
        ApiKeys keys = ApiKeyCheck.apiKeys(new SecuritySettings(List.of(
                new SecuritySettings.ApiKeyEntry("acme", ApiKeys.sha256Hex("key-a").toUpperCase()),
                new SecuritySettings.ApiKeyEntry("globex", ApiKeys.sha256Hex("key-b")))));

        assertThat(keys.tenantOfAuthorization("Bearer key-a")).contains("acme");
        assertThat(keys.tenantOfAuthorization("Bearer key-b")).contains("globex");
        assertThat(keys.tenantOfAuthorization("Bearer key-c")).isEmpty();
    }
}
