package io.codesynth.contracts.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * API keys and the tenants they belong to. Configuration holds only SHA-256 hashes of the keys, so a
 * leaked configuration file does not leak a usable key; presented keys are hashed and compared in
 * constant time. Shared by every service that serves tenants (the gateway and the results service
 * check the same keys).
 */
public final class ApiKeys {

    /** Prefix of generated keys, so a key is recognisable in a secret scanner. */
    public static final String KEY_PREFIX = "cs_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> tenantByKeyHash;

    private ApiKeys(Map<String, String> tenantByKeyHash) {
        this.tenantByKeyHash = Map.copyOf(tenantByKeyHash);
    }

    /**
     * @param tenantByKeyHash lower-case hex SHA-256 of each key, mapped to its tenant id
     * @throws IllegalArgumentException naming the bad entry if a hash is not 64 hex digits, a tenant is
     *                                  blank, or one hash (in any letter case) is given to two tenants
     */
    public static ApiKeys of(Map<String, String> tenantByKeyHash) {
        Map<String, String> normalised = new LinkedHashMap<>();
        tenantByKeyHash.forEach((hash, tenant) -> {
            String h = hash == null ? "" : hash.trim().toLowerCase(Locale.ROOT);
            if (!h.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("API key hash for tenant '" + tenant
                        + "' must be 64 hex digits (SHA-256 of the key), got " + h.length() + " characters");
            }
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("API key hash " + h.substring(0, 8) + "… has no tenant");
            }
            String previous = normalised.put(h, tenant.trim());
            if (previous != null && !previous.equals(tenant.trim())) {
                // one key cannot belong to two tenants; upper/lower-case spellings of a hash are the same key
                throw new IllegalArgumentException("API key hash " + h.substring(0, 8)
                        + "… is configured for two tenants, '" + previous + "' and '" + tenant.trim() + "'");
            }
        });
        return new ApiKeys(normalised);
    }

    /** The tenant of a presented key, or empty if the key is unknown. */
    public Optional<String> tenantOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = HexFormat.of().parseHex(sha256Hex(presentedKey.trim()));
        String match = null;
        // compare against every entry so the time taken does not depend on which one matches
        for (Map.Entry<String, String> entry : tenantByKeyHash.entrySet()) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(entry.getKey()))) {
                match = entry.getValue();
            }
        }
        return Optional.ofNullable(match);
    }

    /** The tenant of an {@code Authorization: Bearer <key>} header value, or empty. */
    public Optional<String> tenantOfAuthorization(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String value = authorizationHeader.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tenantOf(value.substring(7));
    }

    public boolean isEmpty() {
        return tenantByKeyHash.isEmpty();
    }

    /** Lower-case hex SHA-256 of a key, the form stored in configuration. */
    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** A new random key: {@code cs_} followed by 32 random bytes, base64url. */
    public static String generateKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
