package org.dicomcnn.training.eval;

import java.util.List;
import java.util.Objects;

/**
 * Predicted probabilities grouped into equal-width bins on [0, 1], with what was observed in each:
 * the data of a reliability diagram and of the expected calibration error. Made by
 * {@link CalibrationMetrics#reliability}.
 *
 * @param bins the bins in ascending order, contiguous from 0 to 1, at least one; copied
 */
public record ReliabilityBins(List<Bin> bins) {

    /**
     * One bin.
     *
     * @param lower the bin's lower edge (excluded, except 0 for the first bin)
     * @param upper the bin's upper edge (included)
     * @param count the samples whose predicted probability falls in the bin
     * @param meanPredicted the mean predicted probability of those samples; NaN when empty
     * @param observedFrequency the fraction of those samples that are positive; NaN when empty
     */
    public record Bin(double lower, double upper, long count, double meanPredicted, double observedFrequency) {

        /** Checks the edges, the count, and that the means are NaN exactly when the bin is empty. */
        public Bin {
            if (!(lower >= 0 && lower < upper && upper <= 1)) {
                throw new IllegalArgumentException("bin edges (" + lower + ", " + upper
                        + "] must satisfy 0 <= lower < upper <= 1");
            }
            if (count < 0) {
                throw new IllegalArgumentException("bin count " + count + " must not be negative");
            }
            if (count == 0) {
                if (!Double.isNaN(meanPredicted) || !Double.isNaN(observedFrequency)) {
                    throw new IllegalArgumentException("empty bin (" + lower + ", " + upper
                            + "] must have NaN means, got " + meanPredicted + " and " + observedFrequency);
                }
            } else if (!(meanPredicted >= lower && meanPredicted <= upper)
                    || !(observedFrequency >= 0 && observedFrequency <= 1)) {
                throw new IllegalArgumentException("bin (" + lower + ", " + upper + "] of " + count
                        + " samples has mean predicted " + meanPredicted + " and observed frequency "
                        + observedFrequency + "; the first must lie in the bin, the second in [0, 1]");
            }
        }

        /**
         * Whether no sample fell in the bin.
         *
         * @return true when {@code count == 0}
         */
        public boolean isEmpty() {
            return count == 0;
        }

        /**
         * The bin's calibration gap.
         *
         * @return |observed frequency &minus; mean predicted|, 0 for an empty bin
         */
        public double gap() {
            return isEmpty() ? 0 : Math.abs(observedFrequency - meanPredicted);
        }
    }

    /** Copies the list and checks the bins tile [0, 1] in order. */
    public ReliabilityBins {
        bins = List.copyOf(Objects.requireNonNull(bins, "bins"));
        if (bins.isEmpty()) {
            throw new IllegalArgumentException("bins is empty; at least one bin is needed");
        }
        double edge = 0;
        for (Bin b : bins) {
            if (b.lower() != edge) {
                throw new IllegalArgumentException("bin (" + b.lower() + ", " + b.upper()
                        + "] does not start where the previous one ends, at " + edge);
            }
            edge = b.upper();
        }
        if (edge != 1) {
            throw new IllegalArgumentException("the last bin ends at " + edge + ", not 1");
        }
    }

    /**
     * All samples binned.
     *
     * @return the sum of the counts
     */
    public long total() {
        return bins.stream().mapToLong(Bin::count).sum();
    }

    /**
     * The expected calibration error: each bin's gap weighted by its share of the samples
     * (Naeini, Cooper &amp; Hauskrecht 2015; Guo et al. 2017, eq. 3).
     *
     * @return &Sigma; (count / total) &middot; |observed &minus; predicted|, in [0, 1]; 0 when no
     *     sample was binned
     */
    public double expectedCalibrationError() {
        long total = total();
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (Bin b : bins) {
            sum += b.count() * b.gap();
        }
        return sum / total;
    }

    /**
     * The maximum calibration error: the largest gap of a non-empty bin (Guo et al. 2017, eq. 5).
     *
     * @return the largest gap, 0 when no sample was binned
     */
    public double maximumCalibrationError() {
        return bins.stream().mapToDouble(Bin::gap).max().orElse(0);
    }
}
