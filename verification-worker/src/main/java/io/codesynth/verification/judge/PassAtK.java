package io.codesynth.verification.judge;

/** The unbiased pass@k estimator of Chen et al. (2021): {@code 1 - C(n-c, k) / C(n, k)}. */
public final class PassAtK {

    private PassAtK() {
    }

    /**
     * @param n samples of a problem
     * @param c samples that passed
     * @param k the k of pass@k; must not exceed n
     */
    public static double estimate(int n, int c, int k) {
        if (k < 1 || k > n || c < 0 || c > n) {
            throw new IllegalArgumentException("need 1 <= k <= n and 0 <= c <= n, got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) {
            return 1.0;
        }
        // C(n-c, k) / C(n, k) as a product, which stays accurate where the binomials overflow
        double fail = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            fail *= 1.0 - (double) k / i;
        }
        return 1.0 - fail;
    }
}
