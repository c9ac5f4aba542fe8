package org.dicomcnn.temporal;

import java.time.LocalDate;

/**
 * The growth of a lesion measured in three or more studies: a least-squares line through
 * ln(volume) against time, {@code ln V(t) = a + k t} with {@code t} in days since the first
 * study. Made by {@link ChangeAnalysis#trend}.
 *
 * <p>The slope's 95 % interval is {@code k +/- t(0.975, n - 2) * SE(k)}, the Student-t interval
 * of ordinary least squares (Commons Math {@code SimpleRegression.getSlopeConfidenceInterval()}).
 * The doubling time is {@code ln 2 / k}, its interval the slope interval mapped through the same
 * formula, running through infinity when the slope interval contains 0 (see {@link DoublingTime}).
 * With noise-free exponential data the interval shrinks to the estimate.
 *
 * @param points number of time points, 3 or more
 * @param firstDate the earliest study date
 * @param lastDate the latest study date, after the first
 * @param slopePerDay k, change of ln(volume) per day
 * @param slopeLowerPerDay lower end of k's 95 % interval
 * @param slopeUpperPerDay upper end of k's 95 % interval
 * @param rSquared coefficient of determination of the fit, 0..1; NaN when all volumes are equal
 *     (nothing to explain)
 * @param doublingTime {@code ln 2 / k} with the interval mapped from k's; method "log-linear
 *     regression over n time points"
 */
public record Trend(int points, LocalDate firstDate, LocalDate lastDate, double slopePerDay,
        double slopeLowerPerDay, double slopeUpperPerDay, double rSquared, DoublingTime doublingTime) {

    /** Checks counts, dates, the slope inside its finite interval, r squared and the doubling time. */
    public Trend {
        if (points < 3) {
            throw new IllegalArgumentException("a trend needs 3 or more time points; got " + points);
        }
        if (firstDate == null || lastDate == null || !firstDate.isBefore(lastDate)) {
            throw new IllegalArgumentException("trend dates " + firstDate + " to " + lastDate
                    + " must be present and in order");
        }
        if (!Double.isFinite(slopeLowerPerDay) || !Double.isFinite(slopeUpperPerDay)
                || !(slopeLowerPerDay <= slopePerDay && slopePerDay <= slopeUpperPerDay)) {
            throw new IllegalArgumentException("slope " + slopePerDay + " per day must lie in its finite interval ["
                    + slopeLowerPerDay + ", " + slopeUpperPerDay + "]");
        }
        if (!Double.isNaN(rSquared) && !(rSquared >= 0 && rSquared <= 1)) {
            throw new IllegalArgumentException("rSquared " + rSquared + " must be 0..1 or NaN");
        }
        if (doublingTime == null) {
            throw new IllegalArgumentException("trend doubling time is missing");
        }
    }
}
