package org.dicomcnn.temporal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The change measures of a tracked lesion: what changed between two studies
 * ({@link #between}) and the growth trend over three or more ({@link #trend}). Pure computation
 * on measurements; matching the lesion across studies happens before.
 *
 * <pre>{@code
 * LesionMeasurement prior = new LesionMeasurement(LocalDate.of(2024, 1, 10), 6.0, 0.113, 0.41);
 * LesionMeasurement current = new LesionMeasurement(LocalDate.of(2024, 7, 9), 7.6, 0.230, 0.58);
 * LesionChange change = ChangeAnalysis.between(prior, current, true, GrowthCriterion.LUNG_RADS_2022);
 * change.status();                   // GROWN: +1.6 mm > 1.5 mm
 * change.criterion().description();  // "Lung-RADS v2022 (ACR): mean diameter change > 1.5 mm"
 * change.doublingTime().days();      // 181 * ln 2 / ln(0.230 / 0.113) = 177 days
 * change.fastGrowth();               // true: solid, grown, VDT under 400 days
 *
 * Trend trend = ChangeAnalysis.trend(List.of(first, second, third));
 * trend.doublingTime().lowerDays();  // from the regression slope's 95 % interval
 * }</pre>
 *
 * <p><b>Two time points.</b> With volumes V1, V2 measured {@code dt} days apart the volume
 * doubling time is Schwartz's {@code VDT = dt * ln 2 / ln(V2 / V1)}. Its 95 % interval comes from
 * the volume measurement's repeatability, stated as a coefficient of variation {@code CV} of one
 * measurement ({@link #DEFAULT_VOLUME_CV} unless given). Taking each measured volume as lognormal
 * about the true one, {@code sd(ln V) = sqrt(ln(1 + CV^2))} (exact for the lognormal, about
 * {@code CV} when small), and for two independent measurements
 * {@code sd(ln(V2 / V1)) = sqrt(2) * sqrt(ln(1 + CV^2))}. The interval of the log ratio,
 * {@code ln(V2 / V1) +/- 1.959964 * sd}, is mapped through the formula end by end
 * ({@link DoublingTime#fromLogGrowth}); when it contains 0 the change is within measurement noise
 * and the VDT interval runs through infinity. Only the volumes' error is counted; the dates are
 * exact.
 *
 * <p><b>Three or more time points.</b> {@link #trend} fits ln(volume) against days with Commons
 * Math's {@link SimpleRegression}; see {@link Trend}.
 *
 * <p>Growth criteria and the fast-growth flag: {@link GrowthCriterion}, {@link LesionChange}.
 */
public final class ChangeAnalysis {

    /**
     * Default repeatability of one volume measurement, as a coefficient of variation: 0.10. With
     * it, two measurements of an unchanged lesion differ by a ratio within about 0.76..1.32
     * (95 %), close to the +/-25 % band that BTS 2015 / NELSON treat as volumetry noise.
     */
    public static final double DEFAULT_VOLUME_CV = 0.10;

    /** The two-sided 95 % normal quantile, 1.959964. */
    static final double Z_95 = new NormalDistribution(null, 0, 1, NormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY)
            .inverseCumulativeProbability(0.975);

    private ChangeAnalysis() {
    }

    /**
     * {@link #between(LesionMeasurement, LesionMeasurement, boolean, GrowthCriterion, double)}
     * with the volume repeatability {@link #DEFAULT_VOLUME_CV}.
     *
     * @param prior the prior measurement; null when the lesion is new
     * @param current the current measurement; null when the lesion has resolved
     * @param solid whether the lesion is solid (subsolid lesions are never flagged as fast growing)
     * @param criterion the rule that decides the status
     * @return the change
     */
    public static LesionChange between(LesionMeasurement prior, LesionMeasurement current, boolean solid,
            GrowthCriterion criterion) {
        return between(prior, current, solid, criterion, DEFAULT_VOLUME_CV);
    }

    /**
     * The change of one lesion from a prior to a current study.
     *
     * <ul>
     *   <li>prior null: {@link ChangeStatus#NEW}; current null: {@link ChangeStatus#RESOLVED};
     *       no change quantities.
     *   <li>both present: diameter change {@code D2 - D1} and {@code (D2 - D1) / D1}, volume
     *       change {@code V2 - V1} and {@code V2 / V1 - 1}, probability change {@code p2 - p1},
     *       status by {@code criterion}, doubling time as in the class comment (null when both
     *       dates are equal), {@code fastGrowth} as {@link LesionChange} defines it.
     * </ul>
     *
     * @param prior the prior measurement; null when the lesion is new
     * @param current the current measurement; null when the lesion has resolved
     * @param solid whether the lesion is solid (subsolid lesions are never flagged as fast growing)
     * @param criterion the rule that decides the status
     * @param volumeCv repeatability of one volume measurement as a coefficient of variation
     *     (0.10 = 10 %); finite, 0 or more (0 ignores measurement error: the interval is the point)
     * @return the change
     * @throws IllegalArgumentException when both measurements are null, the current precedes the
     *     prior, the criterion is missing or the CV is not a finite number &gt;= 0
     */
    public static LesionChange between(LesionMeasurement prior, LesionMeasurement current, boolean solid,
            GrowthCriterion criterion, double volumeCv) {
        if (criterion == null) {
            throw new IllegalArgumentException("growth criterion is missing");
        }
        requireCv(volumeCv);
        if (prior == null && current == null) {
            throw new IllegalArgumentException("a lesion change needs a prior or a current measurement; both are null");
        }
        if (prior == null) {
            return new LesionChange(null, current, solid, criterion, ChangeStatus.NEW,
                    null, null, null, null, null, null, null, false);
        }
        if (current == null) {
            return new LesionChange(prior, null, solid, criterion, ChangeStatus.RESOLVED,
                    null, null, null, null, null, null, null, false);
        }
        if (current.date().isBefore(prior.date())) {
            throw new IllegalArgumentException("current date " + current.date() + " precedes prior date "
                    + prior.date());
        }
        long intervalDays = ChronoUnit.DAYS.between(prior.date(), current.date());
        ChangeStatus status = criterion.classify(prior, current);
        double diameterChangeMm = current.meanDiameterMm() - prior.meanDiameterMm();
        double volumeChangeMl = current.volumeMl() - prior.volumeMl();
        DoublingTime vdt = doublingTime(prior, current, volumeCv);
        boolean fast = solid && status == ChangeStatus.GROWN && vdt != null
                && vdt.days() > 0 && vdt.days() < LesionChange.FAST_GROWTH_VDT_DAYS;
        return new LesionChange(prior, current, solid, criterion, status, intervalDays,
                diameterChangeMm, diameterChangeMm / prior.meanDiameterMm(),
                volumeChangeMl, current.volumeMl() / prior.volumeMl() - 1,
                current.probability() - prior.probability(), vdt, fast);
    }

    /**
     * The volume doubling time between two measurements with its 95 % interval from the volume
     * repeatability, as in the class comment.
     *
     * @param prior the earlier measurement
     * @param current the later (or same-day) measurement
     * @param volumeCv repeatability of one volume measurement as a coefficient of variation; finite,
     *     0 or more
     * @return the doubling time; null when both are on the same date (no time to grow in)
     * @throws IllegalArgumentException when a measurement is missing, the current precedes the
     *     prior or the CV is invalid
     */
    public static DoublingTime doublingTime(LesionMeasurement prior, LesionMeasurement current, double volumeCv) {
        requireCv(volumeCv);
        if (prior == null || current == null) {
            throw new IllegalArgumentException("a doubling time needs both measurements; got prior "
                    + (prior == null ? "absent" : "present") + ", current " + (current == null ? "absent" : "present"));
        }
        long dt = ChronoUnit.DAYS.between(prior.date(), current.date());
        if (dt < 0) {
            throw new IllegalArgumentException("current date " + current.date() + " precedes prior date "
                    + prior.date());
        }
        if (dt == 0) {
            return null;
        }
        double logRatio = Math.log(current.volumeMl() / prior.volumeMl());
        double half = Z_95 * logRatioSd(volumeCv);
        return DoublingTime.fromLogGrowth(logRatio, logRatio - half, logRatio + half, dt,
                "two time points, volume repeatability CV " + BigDecimal.valueOf(volumeCv).stripTrailingZeros()
                        .toPlainString());
    }

    /**
     * Standard deviation of {@code ln(V2 / V1)} for two independent volume measurements, each
     * lognormal with coefficient of variation {@code cv}: {@code sqrt(2 * ln(1 + cv^2))}.
     *
     * @param volumeCv coefficient of variation of one measurement; finite, 0 or more
     * @return the standard deviation of the log ratio
     */
    public static double logRatioSd(double volumeCv) {
        requireCv(volumeCv);
        return Math.sqrt(2 * Math.log1p(volumeCv * volumeCv));
    }

    /**
     * The growth trend of a lesion over three or more studies: ln(volume) regressed on days since
     * the first study ({@link SimpleRegression}, with intercept), the slope's Student-t 95 %
     * interval, and the doubling time {@code ln 2 / slope} with that interval mapped through
     * (see {@link Trend}, {@link DoublingTime}).
     *
     * @param timeline one measurement per study date, in any order
     * @return the trend
     * @throws IllegalArgumentException when the timeline is missing, holds a null, has fewer than
     *     3 points or two on the same date
     */
    public static Trend trend(List<LesionMeasurement> timeline) {
        if (timeline == null) {
            throw new IllegalArgumentException("timeline is missing");
        }
        List<LesionMeasurement> sorted = new ArrayList<>(timeline.size());
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i) == null) {
                throw new IllegalArgumentException("timeline entry " + i + " is null");
            }
            sorted.add(timeline.get(i));
        }
        if (sorted.size() < 3) {
            throw new IllegalArgumentException("a trend needs 3 or more time points; got " + sorted.size());
        }
        sorted.sort(Comparator.comparing(LesionMeasurement::date));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).date().equals(sorted.get(i - 1).date())) {
                throw new IllegalArgumentException("timeline has two measurements on " + sorted.get(i).date()
                        + "; a trend needs one per date");
            }
        }
        LocalDate first = sorted.get(0).date();
        SimpleRegression regression = new SimpleRegression(true);
        for (LesionMeasurement m : sorted) {
            regression.addData(ChronoUnit.DAYS.between(first, m.date()), Math.log(m.volumeMl()));
        }
        double slope = regression.getSlope();
        double half = regression.getSlopeConfidenceInterval();
        int n = sorted.size();
        DoublingTime vdt = DoublingTime.fromLogGrowth(slope, slope - half, slope + half, 1,
                "log-linear regression over " + n + " time points");
        return new Trend(n, first, sorted.get(n - 1).date(), slope, slope - half, slope + half,
                regression.getRSquare(), vdt);
    }

    private static void requireCv(double volumeCv) {
        if (!(volumeCv >= 0) || Double.isInfinite(volumeCv)) {
            throw new IllegalArgumentException("volumeCv " + volumeCv + " must be finite and 0 or more");
        }
    }
}
