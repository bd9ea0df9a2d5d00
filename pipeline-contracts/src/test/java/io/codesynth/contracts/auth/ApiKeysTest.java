package io.codesynth.contracts.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String ACME_KEY = "cs_acme-secret-key";
    private static final String GLOBEX_KEY = "cs_globex-secret-key";

    private final ApiKeys keys = ApiKeys.of(Map.of(
            ApiKeys.sha256Hex(ACME_KEY), "acme",
            ApiKeys.sha256Hex(GLOBEX_KEY), "globex"));

    @Test
    void sha256HexIsLowerCaseHexOfTheUtf8Bytes() {
        assertThat(ApiKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeys.sha256Hex(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ApiKeys.sha256Hex("ключ")).matches("[0-9a-f]{64}");
    }

    @Test
    void aKnownKeyResolvesToItsTenant() {
        assertThat(keys.tenantOf(ACME_KEY)).contains("acme");
        assertThat(keys.tenantOf(GLOBEX_KEY)).contains("globex");
        assertThat(keys.tenantOf("  " + ACME_KEY + "\n")).contains("acme");
        assertThat(keys.isEmpty()).isFalse();
    }

    @Test
    void anUnknownMissingOrBlankKeyResolvesToNoTenant() {
        assertThat(keys.tenantOf("cs_guess")).isEmpty();
        assertThat(keys.tenantOf(ApiKeys.sha256Hex(ACME_KEY))).as("the hash is not the key").isEmpty();
        assertThat(keys.tenantOf(null)).isEmpty();
        assertThat(keys.tenantOf("   ")).isEmpty();
        assertThat(ApiKeys.of(Map.of()).tenantOf(ACME_KEY)).isEmpty();
        assertThat(ApiKeys.of(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void bearerAuthorizationHeadersAreParsed() {
        assertThat(keys.tenantOfAuthorization("Bearer " + ACME_KEY)).contains("acme");
        assertThat(keys.tenantOfAuthorization("bearer " + GLOBEX_KEY)).contains("globex");
        assertThat(keys.tenantOfAuthorization("  BEARER   " + ACME_KEY + "  ")).contains("acme");

        assertThat(keys.tenantOfAuthorization(null)).isEmpty();
        assertThat(keys.tenantOfAuthorization("")).isEmpty();
        assertThat(keys.tenantOfAuthorization("Bearer")).isEmpty();
        assertThat(keys.tenantOfAuthorization("Bearer ")).isEmpty();
        assertThat(keys.tenantOfAuthorization(ACME_KEY)).as("no scheme").isEmpty();
        assertThat(keys.tenantOfAuthorization("Basic " + ACME_KEY)).isEmpty();
        assertThat(keys.tenantOfAuthorization("Bearer cs_wrong")).isEmpty();
    }

    @Test
    void configuredHashesAreNormalised() {
        ApiKeys upperCase = ApiKeys.of(Map.of("  " + ApiKeys.sha256Hex(ACME_KEY).toUpperCase() + " ", " acme "));

        assertThat(upperCase.tenantOf(ACME_KEY)).isEqualTo(Optional.of("acme"));
    }

    @Test
    void aHashThatIsNot64HexDigitsIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> ApiKeys.of(Map.of("abc123", "acme")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API key hash for tenant 'acme' must be 64 hex digits (SHA-256 of the key),"
                        + " got 6 characters");
        String notHex = "z".repeat(64);
        assertThatThrownBy(() -> ApiKeys.of(Map.of(notHex, "acme")))
                .hasMessageContaining("tenant 'acme' must be 64 hex digits")
                .hasMessageNotContaining(notHex);
        assertThatThrownBy(() -> ApiKeys.of(Map.of(ACME_KEY, "acme")))
                .as("a plain key configured by mistake")
                .hasMessageContaining("must be 64 hex digits")
                .hasMessageNotContaining(ACME_KEY);
        Map<String, String> nullHash = new HashMap<>();
        nullHash.put(null, "acme");
        assertThatThrownBy(() -> ApiKeys.of(nullHash)).hasMessageContaining("got 0 characters");
    }

    @Test
    void aHashWithoutATenantIsRejected() {
        String hash = ApiKeys.sha256Hex(ACME_KEY);
        assertThatThrownBy(() -> ApiKeys.of(Map.of(hash, " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API key hash " + hash.substring(0, 8) + "… has no tenant");
        Map<String, String> nullTenant = new HashMap<>();
        nullTenant.put(hash, null);
        assertThatThrownBy(() -> ApiKeys.of(nullTenant)).hasMessageContaining("has no tenant");
    }

    @Test
    void oneHashForTwoTenantsIsRejected() {
        String hash = ApiKeys.sha256Hex(ACME_KEY);
        Map<String, String> config = new LinkedHashMap<>();
        config.put(hash, "acme");
        config.put(hash.toUpperCase(), "globex");

        assertThatThrownBy(() -> ApiKeys.of(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API key hash " + hash.substring(0, 8)
                        + "… is configured for two tenants, 'acme' and 'globex'");
    }

    @Test
    void generatedKeysArePrefixedRandomAndUrlSafe() {
        String first = ApiKeys.generateKey();
        String second = ApiKeys.generateKey();

        assertThat(first).startsWith(ApiKeys.KEY_PREFIX).hasSize(3 + 43).matches("cs_[A-Za-z0-9_-]{43}");
        assertThat(second).isNotEqualTo(first);
        assertThat(ApiKeys.of(Map.of(ApiKeys.sha256Hex(first), "acme")).tenantOf(first)).contains("acme");
    }
}
