package io.codesynth.gateway.submission;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The query string of a job submission, parsed by the gateway itself: the servlet API's parameter
 * methods would read a form-encoded body, which must stay untouched until it has been checked.
 * Values of the wrong type are reported with the parameter's name as the field.
 */
final class QueryParameters implements SettingValues {

    private final SortedMap<String, String> values;
    private final Violations violations;

    private QueryParameters(SortedMap<String, String> values, Violations violations) {
        this.values = values;
        this.violations = violations;
    }

    static QueryParameters parse(String rawQuery, Violations violations) {
        SortedMap<String, String> values = new TreeMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), violations);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), violations);
                if (name == null || value == null) {
                    continue;
                }
                if (values.putIfAbsent(name, value) != null) {
                    violations.add(name, null, "is given more than once");
                }
            }
        }
        return new QueryParameters(values, violations);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** The parameters in a canonical order, so equal queries fingerprint equally. */
    String canonical() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    void rejectUnknown(Collection<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                violations.add(name, null, "is not a known query parameter; expected one of " + String.join(", ", known));
            }
        }
    }

    void rejectAll(String reason) {
        values.keySet().forEach(name -> violations.add(name, null, reason));
    }

    @Override
    public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public Optional<Integer> integer(String name) {
        return string(name).flatMap(v -> {
            try {
                return Optional.of(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                error(name, "must be an integer, was '" + v + "'");
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<Long> longInteger(String name) {
        return string(name).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                error(name, "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", was '" + v + "'");
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<Double> number(String name) {
        return string(name).flatMap(v -> {
            try {
                double d = Double.parseDouble(v.trim());
                if (Double.isFinite(d)) {
                    return Optional.of(d);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(name, "must be a number, was '" + v + "'");
            return Optional.empty();
        });
    }

    @Override
    public String field(String name) {
        return name;
    }

    @Override
    public Integer line() {
        return null;
    }

    @Override
    public Violations violations() {
        return violations;
    }

    private static String decode(String raw, Violations violations) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            violations.add("query", null, "is not properly percent-encoded near '" + raw + "'");
            return null;
        }
    }
}
