package org.dicomcnn.classify;

/**
 * The rule that turns a class's slice probabilities into one probability for the series: the
 * largest mean over {@value #WINDOW} consecutive slices (the whole series when it has fewer).
 *
 * <p>Why: a lesion spans several slices of a chest CT at usual slice spacing, while a false
 * positive from noise or a vessel tends to light up one slice; averaging neighbours before
 * taking the maximum keeps the first and damps the second. A lesion confined to one thick slice
 * still counts, at a third of its probability plus its neighbours'.
 */
public final class SeriesScore {

    /** Consecutive slices averaged. */
    public static final int WINDOW = 3;

    private SeriesScore() {}

    /**
     * @param sliceProbabilities one class's probability for every slice, in slice order
     * @return the series probability
     */
    public static double of(double[] sliceProbabilities) {
        int n = sliceProbabilities.length;
        if (n == 0) {
            return 0;
        }
        int window = Math.min(WINDOW, n);
        double best = 0;
        for (int k = 0; k + window <= n; k++) {
            double s = 0;
            for (int d = 0; d < window; d++) {
                s += sliceProbabilities[k + d];
            }
            best = Math.max(best, s / window);
        }
        return best;
    }
}
