package org.dicomcnn.training.eval;

/**
 * A point estimate with an interval around it, 95% unless the method that made it says otherwise.
 *
 * <p>A percentile bootstrap interval need not contain its estimate (the estimate is the
 * statistic of the full sample, the end points are percentiles of the resampled statistics), so
 * only {@code lower <= upper} is required; Wilson score intervals always contain theirs.
 *
 * @param estimate the point estimate
 * @param lower the lower end point
 * @param upper the upper end point, at least {@code lower}
 */
public record Interval(double estimate, double lower, double upper) {

    /** The confidence level of the intervals this package makes unless a method says otherwise. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /** Checks that no value is NaN and that {@code lower <= upper}. */
    public Interval {
        if (Double.isNaN(estimate) || Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("interval " + estimate + " [" + lower + ", " + upper
                    + "] holds NaN; estimate and end points must be numbers");
        }
        if (lower > upper) {
            throw new IllegalArgumentException("interval lower end " + lower + " lies above its upper end " + upper);
        }
    }

    /**
     * A 95% percentile-bootstrap interval: the 2.5th and 97.5th percentiles of resampled
     * statistics ({@link org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType#R_7},
     * the linear interpolation R and NumPy use by default).
     *
     * @param estimate the statistic of the full sample
     * @param resampled the statistic of each bootstrap resample
     * @return the interval
     */
    public static Interval percentileBootstrap(double estimate, double[] resampled) {
        var percentile = new org.apache.commons.math3.stat.descriptive.rank.Percentile()
                .withEstimationType(org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType.R_7);
        percentile.setData(resampled);
        double lowerPercentile = 100 * (1 - DEFAULT_CONFIDENCE) / 2;
        return new Interval(estimate, percentile.evaluate(lowerPercentile), percentile.evaluate(100 - lowerPercentile));
    }

    /**
     * The distance between the end points.
     *
     * @return {@code upper - lower}
     */
    public double width() {
        return upper - lower;
    }

    /**
     * Whether a value lies between the end points, both included.
     *
     * @param value the value
     * @return true when {@code lower <= value <= upper}
     */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
