package org.dicomcnn.training.eval;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Wilson score interval of a binomial proportion (Wilson 1927), the interval reported with
 * sensitivity and specificity.
 *
 * <p>For {@code x} successes in {@code n} trials, {@code p = x / n} and {@code z} the
 * {@code (1 + level) / 2} quantile of the standard normal distribution (1.95996 for 95%):
 * <pre>
 *   centre    = (p + z&sup2; / (2n)) / (1 + z&sup2; / n)
 *   halfWidth = z / (1 + z&sup2; / n) &middot; sqrt(p(1 - p) / n + z&sup2; / (4n&sup2;))
 * </pre>
 * Unlike the Wald interval {@code p &plusmn; z sqrt(p(1-p)/n)} it stays inside [0, 1] and does
 * not collapse to a point at {@code p = 0} or {@code p = 1}, which matters for the small positive
 * counts of a test split (Newcombe 1998 compares the methods; Brown, Cai &amp; DasGupta 2001
 * recommend Wilson's for small n). The estimate returned is {@code p} itself.
 *
 * <p>References: E. B. Wilson, "Probable inference, the law of succession, and statistical
 * inference", J. Am. Stat. Assoc. 22 (1927) 209&ndash;212. R. G. Newcombe, "Two-sided confidence
 * intervals for the single proportion: comparison of seven methods", Stat. Med. 17 (1998)
 * 857&ndash;872.
 */
public final class WilsonScore {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private WilsonScore() {}

    /**
     * The 95% Wilson score interval.
     *
     * @param successes successes, 0..trials
     * @param trials trials, at least 1
     * @return {@code successes / trials} with the interval
     * @throws IllegalArgumentException if the counts are impossible
     */
    public static Interval interval(long successes, long trials) {
        return interval(successes, trials, Interval.DEFAULT_CONFIDENCE);
    }

    /**
     * The Wilson score interval at a chosen confidence level.
     *
     * @param successes successes, 0..trials
     * @param trials trials, at least 1
     * @param confidence the confidence level, strictly between 0 and 1
     * @return {@code successes / trials} with the interval
     * @throws IllegalArgumentException if the counts are impossible or the level is out of range
     */
    public static Interval interval(long successes, long trials, double confidence) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials " + trials + " must be at least 1 for a proportion");
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes " + successes + " must lie in 0.." + trials);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " must lie strictly between 0 and 1");
        }
        double z = STANDARD_NORMAL.inverseCumulativeProbability((1 + confidence) / 2);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // rounding can push an end a hair past p at p = 0 or 1; the interval always contains p
        double lower = Math.max(0, Math.min(p, centre - half));
        double upper = Math.min(1, Math.max(p, centre + half));
        return new Interval(p, lower, upper);
    }
}
