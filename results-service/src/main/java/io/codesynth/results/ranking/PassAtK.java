package io.codesynth.results.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): with n samples of which c are correct,
 * {@code pass@k = 1 − C(n−c, k) / C(n, k)}, defined for n ≥ k.
 */
public final class PassAtK {

    /** The k values reported, as keys {@code pass@1}, {@code pass@5}, {@code pass@10}. */
    public static final List<Integer> KS = List.of(1, 5, 10);

    private PassAtK() {
    }

    /**
     * @return the estimate, empty when {@code n < k} (undefined)
     * @throws IllegalArgumentException unless {@code 0 ≤ c ≤ n} and {@code k ≥ 1}
     */
    public static OptionalDouble estimate(int n, int c, int k) {
        if (k < 1 || n < 0 || c < 0 || c > n) {
            throw new IllegalArgumentException("pass@k needs 0 <= c <= n and k >= 1; got n=" + n + ", c=" + c
                    + ", k=" + k);
        }
        if (n < k) {
            return OptionalDouble.empty();
        }
        if (n - c < k) {
            // every draw of k samples contains a correct one
            return OptionalDouble.of(1.0);
        }
        // C(n−c, k) / C(n, k) = Π_{i=n−c+1..n} (1 − k/i): a product of factors in (0, 1], no huge binomials
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return OptionalDouble.of(Math.min(1.0, Math.max(0.0, 1.0 - allWrong)));
    }

    /** pass@k for each k of {@link #KS} that n allows, keyed {@code pass@k}, in k order. */
    public static Map<String, Double> of(int n, int c) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int k : KS) {
            estimate(n, c, k).ifPresent(value -> values.put(key(k), value));
        }
        return values;
    }

    /**
     * The mean of each key over the maps that define it (tasks whose sample count allowed it); a key no
     * map defines is left out, so the result never holds NaN.
     */
    public static Map<String, Double> mean(Collection<Map<String, Double>> perTask) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (int k : KS) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Double> task : perTask) {
                Double value = task.get(key(k));
                if (value != null) {
                    values.add(value);
                }
            }
            if (!values.isEmpty()) {
                means.put(key(k), values.stream().collect(Collectors.averagingDouble(Double::doubleValue)));
            }
        }
        return means;
    }

    public static String key(int k) {
        return "pass@" + k;
    }
}
