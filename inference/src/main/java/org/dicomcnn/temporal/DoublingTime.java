package org.dicomcnn.temporal;

/**
 * A volume doubling time (VDT) with its 95 % confidence interval.
 *
 * <p>The VDT is {@code ln 2 / k}, where {@code k} is the growth rate of ln(volume) per day; two
 * time points give {@code k = ln(V2 / V1) / dt} (Schwartz's formula
 * {@code VDT = dt ln 2 / ln(V2 / V1)}), three or more the slope of a regression of ln(volume) on
 * time ({@link Trend}). A positive value is a doubling time, a negative one a halving time (the
 * lesion shrinks; its volume halves in {@code |days|} days), and {@link Double#POSITIVE_INFINITY}
 * means equal volumes: the lesion never doubles.
 *
 * <p><b>The interval.</b> It is the image of a confidence interval {@code [kLow, kHigh]} of the
 * growth rate under {@code k -> ln 2 / k}. That map is decreasing on each side of {@code k = 0}
 * and jumps from {@code -inf} to {@code +inf} there, so:
 *
 * <ul>
 *   <li>when {@code [kLow, kHigh]} lies on one side of 0 (a real change beyond measurement
 *       noise), {@code lowerDays = ln 2 / kHigh} and {@code upperDays = ln 2 / kLow}, both finite,
 *       of the sign of {@code days}, and {@link #bounded()} is true;
 *   <li>when it contains 0 (the change is within measurement noise; the lesion may be stable) the
 *       interval runs through infinity. It is stored as the half on the estimate's side, whose
 *       far end is infinite: for a growing (or unchanged) estimate {@code [lowerDays, +inf]}, for a
 *       shrinking one {@code [-inf, upperDays]}. The part beyond infinity, slow change in the
 *       opposite direction, is kept in {@link #beyondInfinityDays()}: the full 95 % set is then
 *       {@code [lowerDays, +inf] u [-inf, beyondInfinityDays]} (halving times of at least
 *       {@code |beyondInfinityDays|} days), or {@code [beyondInfinityDays, +inf] u [-inf,
 *       upperDays]}. A report that prints "VDT 300 days (95 % CI 150 days to infinity)" reads it
 *       correctly as "no faster than 150 days; growth not established".
 * </ul>
 *
 * <p>The interval never contains 0: a doubling time near 0 would be an unbounded growth rate.
 *
 * @param days the doubling time (positive), halving time (negative) or +infinity; never 0 or NaN
 * @param lowerDays lower end of the 95 % interval; {@code -inf} when it runs through infinity on
 *     the shrinking side
 * @param upperDays upper end of the 95 % interval; {@code +inf} when it runs through infinity on
 *     the growing side
 * @param beyondInfinityDays where the interval ends after passing through infinity (see above);
 *     {@link Double#NaN} when nothing of it lies beyond infinity
 * @param method how it was computed, for the reader: "two time points, volume repeatability CV
 *     0.1" or "log-linear regression over 4 time points"
 */
public record DoublingTime(double days, double lowerDays, double upperDays, double beyondInfinityDays,
        String method) {

    private static final double LN2 = Math.log(2);

    /**
     * Checks the invariants described in the class comment: lower &lt;= days &lt;= upper, none NaN,
     * the interval free of 0, and the part beyond infinity only where the interval is unbounded
     * and of the opposite sign.
     */
    public DoublingTime {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("doubling time method is missing");
        }
        if (Double.isNaN(days) || days == 0) {
            throw new IllegalArgumentException("doubling time days " + days + " must be non-zero (infinite allowed)");
        }
        if (Double.isNaN(lowerDays) || Double.isNaN(upperDays) || !(lowerDays <= days && days <= upperDays)) {
            throw new IllegalArgumentException("doubling time " + days + " days must lie in its interval ["
                    + lowerDays + ", " + upperDays + "]");
        }
        if (!(lowerDays > 0 || upperDays < 0)) {
            throw new IllegalArgumentException("doubling time interval [" + lowerDays + ", " + upperDays
                    + "] must not contain 0");
        }
        if (!Double.isNaN(beyondInfinityDays)) {
            boolean fits = Double.isFinite(beyondInfinityDays)
                    && (upperDays == Double.POSITIVE_INFINITY && beyondInfinityDays < 0
                        || lowerDays == Double.NEGATIVE_INFINITY && beyondInfinityDays > 0);
            if (!fits) {
                throw new IllegalArgumentException("beyondInfinityDays " + beyondInfinityDays
                        + " must be NaN, or finite and of the opposite sign to an interval [" + lowerDays + ", "
                        + upperDays + "] that is unbounded on that side");
            }
        }
    }

    /**
     * Builds a doubling time from a change of ln(volume) and its confidence interval, as described
     * in the class comment: {@code days = perDays * (ln 2 / logGrowth)}, the interval mapped end
     * by end, through infinity when it contains 0.
     *
     * @param logGrowth ln(V2 / V1) over {@code perDays} days (for a regression slope, the slope and
     *     {@code perDays = 1})
     * @param logGrowthLow lower end of its 95 % interval
     * @param logGrowthHigh upper end of its 95 % interval
     * @param perDays the time the log growth is taken over, days; finite and greater than 0
     * @param method how it was computed, for the reader
     * @return the doubling time
     */
    public static DoublingTime fromLogGrowth(double logGrowth, double logGrowthLow, double logGrowthHigh,
            double perDays, String method) {
        if (!Double.isFinite(logGrowth) || !Double.isFinite(logGrowthLow) || !Double.isFinite(logGrowthHigh)
                || !(logGrowthLow <= logGrowth && logGrowth <= logGrowthHigh)) {
            throw new IllegalArgumentException("log growth " + logGrowth + " must be finite and lie in its finite"
                    + " interval [" + logGrowthLow + ", " + logGrowthHigh + "]");
        }
        if (!(perDays > 0) || Double.isInfinite(perDays)) {
            throw new IllegalArgumentException("perDays " + perDays + " must be finite and greater than 0");
        }
        // dt * (ln 2 / g) rather than dt * ln 2 / g: a doubling in exactly dt days gives exactly dt.
        double days = logGrowth == 0 ? Double.POSITIVE_INFINITY : perDays * (LN2 / logGrowth);
        if (logGrowthLow > 0 || logGrowthHigh < 0) {
            return new DoublingTime(days, perDays * (LN2 / logGrowthHigh), perDays * (LN2 / logGrowthLow),
                    Double.NaN, method);
        }
        if (logGrowth >= 0) {
            double lower = logGrowthHigh > 0 ? perDays * (LN2 / logGrowthHigh) : Double.POSITIVE_INFINITY;
            double beyond = logGrowthLow < 0 ? perDays * (LN2 / logGrowthLow) : Double.NaN;
            return new DoublingTime(days, lower, Double.POSITIVE_INFINITY, beyond, method);
        }
        double beyond = logGrowthHigh > 0 ? perDays * (LN2 / logGrowthHigh) : Double.NaN;
        return new DoublingTime(days, Double.NEGATIVE_INFINITY, perDays * (LN2 / logGrowthLow), beyond, method);
    }

    /**
     * Whether both ends of the interval are finite, that is, the change is beyond measurement
     * noise in the estimate's direction.
     *
     * @return true when {@code lowerDays} and {@code upperDays} are finite
     */
    public boolean bounded() {
        return Double.isFinite(lowerDays) && Double.isFinite(upperDays);
    }

    /**
     * Whether the lesion doubles at all by the estimate.
     *
     * @return true when {@code days} is positive and finite
     */
    public boolean doubling() {
        return days > 0 && days < Double.POSITIVE_INFINITY;
    }

    /**
     * Whether a doubling (or halving, negative) time lies in the 95 % set, including the part
     * beyond infinity.
     *
     * @param d days; +/-infinity for "no change"
     * @return true when inside
     */
    public boolean contains(double d) {
        if (lowerDays <= d && d <= upperDays) {
            return true;
        }
        if (Double.isNaN(beyondInfinityDays)) {
            return false;
        }
        return upperDays == Double.POSITIVE_INFINITY ? d <= beyondInfinityDays : d >= beyondInfinityDays;
    }
}
