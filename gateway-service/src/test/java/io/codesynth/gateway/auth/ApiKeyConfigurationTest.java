package io.codesynth.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.contracts.auth.ApiKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyConfigurationTest {

    private static final String KEY = "cs_some-key";

    @Test
    void refusesToStartWithoutKeysAndSaysHowToAddOne() {
        assertThatThrownBy(() -> ApiKeyConfiguration.registry(new ApiKeyProperties(List.of())))
                .isInstanceOf(ApiKeyConfigurationException.class)
                .hasMessageContaining("No API keys are configured");
        assertThat(ApiKeyConfiguration.HOW_TO_ADD_A_KEY)
                .contains("codesynth.security.api-keys", "key-sha256", "CODESYNTH_SECURITY_APIKEYS_0_TENANT");
    }

    @Test
    void rejectsAPlainKeyWhereItsHashBelongs() {
        var entry = new ApiKeyProperties.Entry("acme", KEY);

        assertThatThrownBy(() -> ApiKeyConfiguration.registry(new ApiKeyProperties(List.of(entry))))
                .hasMessageContaining("codesynth.security.api-keys[0].key-sha256 (tenant 'acme') must be 64 hex digits")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void rejectsOneKeyForTwoTenants() {
        String hash = ApiKeys.sha256Hex(KEY);
        var properties = new ApiKeyProperties(List.of(
                new ApiKeyProperties.Entry("acme", hash), new ApiKeyProperties.Entry("globex", hash.toUpperCase())));

        assertThatThrownBy(() -> ApiKeyConfiguration.registry(properties))
                .hasMessageContaining("configured twice (tenants 'acme' and 'globex')");
    }

    @Test
    void rejectsAnEntryWithoutTenant() {
        var properties = new ApiKeyProperties(List.of(new ApiKeyProperties.Entry(" ", ApiKeys.sha256Hex(KEY))));

        assertThatThrownBy(() -> ApiKeyConfiguration.registry(properties))
                .hasMessageContaining("codesynth.security.api-keys[0].tenant is missing");
    }

    @Test
    void mapsKeysToTheirTenants() {
        ApiKeys keys = ApiKeyConfiguration.registry(new ApiKeyProperties(List.of(
                new ApiKeyProperties.Entry("acme", ApiKeys.sha256Hex(KEY)))));

        assertThat(keys.tenantOfAuthorization("Bearer " + KEY)).hasValue("acme");
        assertThat(keys.tenantOfAuthorization("Bearer cs_other")).isEmpty();
    }
}
