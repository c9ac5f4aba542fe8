package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Change measures checked against hand-computed values, and the trend against exact exponential
 * data and an independent least-squares fit by SciPy.
 */
class ChangeAnalysisTest {

    private static final LocalDate DAY0 = LocalDate.of(2024, 1, 1);

    private static LesionMeasurement at(int day, double diameterMm, double volumeMl) {
        return new LesionMeasurement(DAY0.plusDays(day), diameterMm, volumeMl, 0.5);
    }

    // ---- doubling time from two points ----------------------------------------------------------

    @Test
    void doublingIn150DaysGivesAVdtOfExactly150Days() {
        DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 6, 100), at(150, 7.6, 200), 0.10);

        assertEquals(150.0, vdt.days(), 0.0);
        assertEquals("two time points, volume repeatability CV 0.1", vdt.method());
    }

    @Test
    void halvingGivesANegativeDoublingTime() {
        DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 8, 200), at(150, 6, 100), 0.10);

        assertEquals(-150.0, vdt.days(), 0.0);
        assertTrue(vdt.bounded());
        assertTrue(vdt.lowerDays() < -150 && vdt.upperDays() > -150 && vdt.upperDays() < 0,
                () -> "interval " + vdt);
    }

    @Test
    void schwartzFormulaOnAnUnevenCase() {
        // 90 * ln 2 / ln(137 / 100) = 198.161 (computed by hand / Python)
        DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 6, 100), at(90, 7, 137), 0.10);

        assertEquals(198.161, vdt.days(), 0.001);
    }

    @Test
    void intervalMatchesTheHandComputedRepeatabilityPropagation() {
        // sd(ln ratio) = sqrt(2 ln(1 + CV^2)); bounds 150 ln2 / (ln2 +/- 1.959964 sd), from SciPy
        DoublingTime cv10 = ChangeAnalysis.doublingTime(at(0, 6, 100), at(150, 7.6, 200), 0.10);
        DoublingTime cv05 = ChangeAnalysis.doublingTime(at(0, 6, 100), at(150, 7.6, 200), 0.05);

        assertEquals(107.2276454440586, cv10.lowerDays(), 1e-9);
        assertEquals(249.5395893027305, cv10.upperDays(), 1e-9);
        assertEquals(125.01887143123712, cv05.lowerDays(), 1e-9);
        assertEquals(187.45755529956142, cv05.upperDays(), 1e-9);
        assertEquals(0.14106970513308725, ChangeAnalysis.logRatioSd(0.10), 1e-15);
    }

    @Test
    void intervalContainsTheEstimateAndWidensWithTheCv() {
        double previousWidth = -1;
        for (double cv : new double[] {0.02, 0.05, 0.10, 0.15}) {
            DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 6, 100), at(150, 7.6, 200), cv);
            assertTrue(vdt.bounded(), () -> "CV " + cv + ": " + vdt);
            assertTrue(vdt.lowerDays() < 150 && 150 < vdt.upperDays(), () -> "CV " + cv + ": " + vdt);
            double width = vdt.upperDays() - vdt.lowerDays();
            assertTrue(width > previousWidth, "CV " + cv + " width " + width + " after " + previousWidth);
            previousWidth = width;
        }
    }

    @Test
    void zeroCvGivesAPointInterval() {
        DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 6, 100), at(150, 7.6, 200), 0);

        assertEquals(150.0, vdt.lowerDays(), 0.0);
        assertEquals(150.0, vdt.upperDays(), 0.0);
        assertEquals("two time points, volume repeatability CV 0", vdt.method());
    }

    @Test
    void growthWithinMeasurementNoiseRunsThroughInfinity() {
        // +10 % in 90 days with CV 0.10: ln 1.1 = 0.095 < 1.96 * 0.141 = 0.277
        DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 6, 100), at(90, 6.2, 110), 0.10);

        assertEquals(654.5286807607541, vdt.days(), 1e-9);
        assertFalse(vdt.bounded());
        assertEquals(167.78632991065624, vdt.lowerDays(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, vdt.upperDays());
        assertEquals(-344.31381744306856, vdt.beyondInfinityDays(), 1e-9);
        assertTrue(vdt.contains(Double.POSITIVE_INFINITY), "stable is inside");
        assertTrue(vdt.contains(-1000), "slow shrinkage is inside");
        assertFalse(vdt.contains(100), "doubling in 100 days is outside");
        assertFalse(vdt.contains(-100), "halving in 100 days is outside");
    }

    @Test
    void shrinkageWithinMeasurementNoiseRunsThroughInfinityOnTheOtherSide() {
        DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 6, 100), at(90, 5.9, 95), 0.10);

        assertEquals(-1216.2066600568387, vdt.days(), 1e-9);
        assertEquals(Double.NEGATIVE_INFINITY, vdt.lowerDays());
        assertEquals(-190.3176701451663, vdt.upperDays(), 1e-9);
        assertEquals(277.01479512453, vdt.beyondInfinityDays(), 1e-9);
    }

    @Test
    void equalVolumesNeverDouble() {
        DoublingTime vdt = ChangeAnalysis.doublingTime(at(0, 6, 100), at(90, 6, 100), 0.10);

        assertEquals(Double.POSITIVE_INFINITY, vdt.days());
        assertFalse(vdt.doubling());
        assertTrue(vdt.lowerDays() > 0 && Double.isFinite(vdt.lowerDays()), () -> vdt.toString());
        assertTrue(vdt.beyondInfinityDays() < 0, () -> vdt.toString());
    }

    @Test
    void sameDayHasNoDoublingTime() {
        LesionChange change = ChangeAnalysis.between(at(0, 6, 100), at(0, 8, 150), true,
                GrowthCriterion.FLEISCHNER_2017);

        assertNull(change.doublingTime());
        assertEquals(0L, change.intervalDays());
        assertEquals(ChangeStatus.GROWN, change.status());
        assertFalse(change.fastGrowth());
    }

    // ---- status by criterion ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1} -> {2} mm is {3}")
    @CsvSource({
        "LUNG_RADS_2022, 6.0, 7.4, STABLE",
        "LUNG_RADS_2022, 6.0, 7.6, GROWN",
        "LUNG_RADS_2022, 6.0, 7.5, STABLE",
        "LUNG_RADS_2022, 6.8, 8.3, STABLE", // 8.3 - 6.8 = 1.5000000000000009 in double: still exactly 1.5
        "LUNG_RADS_2022, 6.0, 4.4, SHRUNK",
        "LUNG_RADS_2022, 6.0, 4.6, STABLE",
        "FLEISCHNER_2017, 6.0, 8.0, GROWN",
        "FLEISCHNER_2017, 6.2, 8.2, GROWN", // 8.2 - 6.2 = 1.9999999999999991 in double: exactly 2.0
        "FLEISCHNER_2017, 6.0, 7.9, STABLE",
        "FLEISCHNER_2017, 6.0, 7.6, STABLE",
        "FLEISCHNER_2017, 8.0, 6.0, SHRUNK",
        "FLEISCHNER_2017, 8.0, 6.1, STABLE",
    })
    void diameterCriteriaApplyTheirThresholds(GrowthCriterion criterion, double priorMm, double currentMm,
            ChangeStatus expected) {
        // volume doubles in every case: the diameter criteria must not look at it
        LesionChange change = ChangeAnalysis.between(at(0, priorMm, 100), at(180, currentMm, 200), true, criterion);

        assertEquals(expected, change.status());
        assertEquals(criterion, change.criterion());
    }

    @ParameterizedTest(name = "100 -> {0} ml is {1}")
    @CsvSource({
        "124, STABLE",
        "125, STABLE",
        "126, GROWN",
        "76, STABLE",
        "80, STABLE", // the log-scale mirror of +25 % (-20 %) is not shrinkage here
        "75, STABLE",
        "74, SHRUNK",
    })
    void volumeCriterionAppliesTwentyFivePercentBothWays(double currentMl, ChangeStatus expected) {
        // diameter grows by 3 mm in every case: the volume criterion must not look at it
        LesionChange change = ChangeAnalysis.between(at(0, 6, 100), at(180, 9, currentMl), true,
                GrowthCriterion.BTS_NELSON_VOLUME);

        assertEquals(expected, change.status());
    }

    @Test
    void changeQuantitiesAreHandComputed() {
        LesionMeasurement prior = new LesionMeasurement(LocalDate.of(2023, 3, 1), 8.0, 0.25, 0.30);
        LesionMeasurement current = new LesionMeasurement(LocalDate.of(2024, 3, 1), 10.0, 0.40, 0.75);

        LesionChange change = ChangeAnalysis.between(prior, current, true, GrowthCriterion.LUNG_RADS_2022);

        assertEquals(366L, change.intervalDays(), "2024 is a leap year");
        assertEquals(2.0, change.diameterChangeMm(), 1e-12);
        assertEquals(0.25, change.diameterChangeRelative(), 1e-12);
        assertEquals(0.15, change.volumeChangeMl(), 1e-12);
        assertEquals(0.6, change.volumeChangeRelative(), 1e-12);
        assertEquals(0.45, change.probabilityChange(), 1e-12);
        assertEquals(366 * Math.log(2) / Math.log(1.6), change.doublingTime().days(), 1e-9);
        assertEquals(ChangeStatus.GROWN, change.status());
        assertSame(prior, change.prior());
        assertSame(current, change.current());
    }

    @Test
    void newLesionHasNoChangeQuantities() {
        LesionChange change = ChangeAnalysis.between(null, at(90, 6, 100), true, GrowthCriterion.FLEISCHNER_2017);

        assertEquals(ChangeStatus.NEW, change.status());
        assertNull(change.prior());
        assertNull(change.intervalDays());
        assertNull(change.diameterChangeMm());
        assertNull(change.volumeChangeRelative());
        assertNull(change.probabilityChange());
        assertNull(change.doublingTime());
        assertFalse(change.fastGrowth());
        assertEquals(GrowthCriterion.FLEISCHNER_2017, change.criterion());
    }

    @Test
    void resolvedLesionHasNoChangeQuantities() {
        LesionChange change = ChangeAnalysis.between(at(0, 6, 100), null, true, GrowthCriterion.LUNG_RADS_2022);

        assertEquals(ChangeStatus.RESOLVED, change.status());
        assertNull(change.current());
        assertNull(change.volumeChangeMl());
        assertNull(change.doublingTime());
    }

    // ---- fast growth -----------------------------------------------------------------------------

    @ParameterizedTest(name = "solid {0}, doubling in {1} days, diameter to {2} mm: fast {3}")
    @CsvSource({
        "true, 399, 8.5, true",
        "true, 400, 8.5, false", // VDT exactly 400: not under 400
        "true, 200, 8.5, true",
        "false, 200, 8.5, false", // subsolid: never flagged
        "false, 100, 8.5, false",
        "true, 200, 7.0, false", // VDT 200 but +1.0 mm is stable by Lung-RADS: did not grow
    })
    void fastGrowthOnlyForGrownSolidLesionsUnder400Days(boolean solid, int days, double currentMm,
            boolean expected) {
        LesionChange change = ChangeAnalysis.between(at(0, 6, 100), at(days, currentMm, 200), solid,
                GrowthCriterion.LUNG_RADS_2022);

        assertEquals(days, change.doublingTime().days(), 1e-9);
        assertEquals(expected, change.fastGrowth());
        assertEquals(solid, change.solid());
    }

    @Test
    void shrinkingLesionIsNotFastGrowing() {
        LesionChange change = ChangeAnalysis.between(at(0, 8, 200), at(30, 6, 100), true,
                GrowthCriterion.LUNG_RADS_2022);

        assertEquals(ChangeStatus.SHRUNK, change.status());
        assertEquals(-30, change.doublingTime().days(), 1e-9);
        assertFalse(change.fastGrowth());
    }

    @Test
    void defaultCvIsTenPercent() {
        LesionChange byDefault = ChangeAnalysis.between(at(0, 6, 100), at(150, 7.6, 200), true,
                GrowthCriterion.LUNG_RADS_2022);

        assertEquals(0.10, ChangeAnalysis.DEFAULT_VOLUME_CV);
        assertEquals(107.2276454440586, byDefault.doublingTime().lowerDays(), 1e-9);
    }

    // ---- invalid input ---------------------------------------------------------------------------

    @Test
    void rejectsACurrentBeforeThePrior() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeAnalysis.between(at(30, 6, 100), at(0, 7, 120), true, GrowthCriterion.LUNG_RADS_2022));

        assertTrue(e.getMessage().contains("2024-01-01") && e.getMessage().contains("2024-01-31"), e.getMessage());
    }

    @Test
    void rejectsTwoMissingMeasurements() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeAnalysis.between(null, null, true, GrowthCriterion.LUNG_RADS_2022));

        assertTrue(e.getMessage().contains("both are null"), e.getMessage());
    }

    @Test
    void rejectsAMissingCriterion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeAnalysis.between(at(0, 6, 100), at(30, 7, 120), true, null));

        assertTrue(e.getMessage().contains("criterion"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsABadCv(double cv) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeAnalysis.between(at(0, 6, 100), at(30, 7, 120), true, GrowthCriterion.LUNG_RADS_2022, cv));

        assertTrue(e.getMessage().contains("volumeCv " + cv), e.getMessage());
    }

    // ---- trend -----------------------------------------------------------------------------------

    @Test
    void trendOfExactExponentialGrowthGivesTheDoublingTimeAndAPointInterval() {
        // V(t) = 50 * 2^(t / 200): ln V is exactly linear, slope ln 2 / 200
        List<LesionMeasurement> timeline = new ArrayList<>();
        for (int t : new int[] {0, 100, 250, 400, 730}) {
            timeline.add(at(t, 6, 50 * Math.pow(2, t / 200.0)));
        }

        Trend trend = ChangeAnalysis.trend(timeline);

        assertEquals(5, trend.points());
        assertEquals(Math.log(2) / 200, trend.slopePerDay(), 1e-15);
        assertEquals(200, trend.doublingTime().days(), 200 * 1e-9);
        assertTrue(trend.doublingTime().bounded(), () -> trend.toString());
        assertEquals(200, trend.doublingTime().lowerDays(), 200 * 1e-6, "noise-free: the interval shrinks to 200");
        assertEquals(200, trend.doublingTime().upperDays(), 200 * 1e-6, "noise-free: the interval shrinks to 200");
        assertEquals(1.0, trend.rSquared(), 1e-12);
        assertEquals(DAY0, trend.firstDate());
        assertEquals(DAY0.plusDays(730), trend.lastDate());
        assertEquals("log-linear regression over 5 time points", trend.doublingTime().method());
    }

    @Test
    void trendOfExactExponentialShrinkageGivesAHalvingTime() {
        Trend trend = ChangeAnalysis.trend(List.of(at(0, 9, 400), at(300, 8, 200), at(450, 7, 100 * Math.sqrt(2))));

        assertEquals(-300, trend.doublingTime().days(), 300 * 1e-9);
        assertTrue(trend.slopeUpperPerDay() < 0, () -> trend.toString());
    }

    @Test
    void trendDoesNotDependOnTheOrderGiven() {
        List<LesionMeasurement> inOrder = List.of(at(0, 6, 100), at(100, 6.5, 130), at(200, 7, 150), at(350, 8, 260));
        List<LesionMeasurement> shuffled = List.of(inOrder.get(2), inOrder.get(0), inOrder.get(3), inOrder.get(1));

        assertEquals(ChangeAnalysis.trend(inOrder), ChangeAnalysis.trend(shuffled));
    }

    @Test
    void flatNoisyTrendRunsThroughInfinity() {
        Trend trend = ChangeAnalysis.trend(List.of(at(0, 6, 100), at(90, 6, 104), at(180, 6, 98), at(270, 6, 101)));

        assertTrue(trend.slopeLowerPerDay() < 0 && trend.slopeUpperPerDay() > 0, () -> trend.toString());
        assertFalse(trend.doublingTime().bounded());
        assertFalse(Double.isNaN(trend.doublingTime().beyondInfinityDays()));
    }

    @Test
    void constantVolumesGiveAnInfiniteDoublingTime() {
        Trend trend = ChangeAnalysis.trend(List.of(at(0, 6, 100), at(90, 6, 100), at(180, 6, 100)));

        assertEquals(0, trend.slopePerDay(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, trend.doublingTime().days());
        assertTrue(Double.isNaN(trend.rSquared()));
    }

    @Test
    void trendMatchesScipyOnNoisyData() throws Exception {
        int[] days = {0, 91, 180, 274, 365, 540};
        double[] volumes = {0.110, 0.131, 0.149, 0.190, 0.204, 0.305};
        List<LesionMeasurement> timeline = new ArrayList<>();
        for (int i = 0; i < days.length; i++) {
            timeline.add(at(days[i], 6, volumes[i]));
        }

        double[] ref = scipy(days, volumes);
        Trend trend = ChangeAnalysis.trend(timeline);

        assertEquals(ref[0], trend.slopePerDay(), Math.abs(ref[0]) * 1e-9, "slope");
        assertEquals(ref[1], trend.slopeLowerPerDay(), Math.abs(ref[1]) * 1e-9, "slope lower");
        assertEquals(ref[2], trend.slopeUpperPerDay(), Math.abs(ref[2]) * 1e-9, "slope upper");
        assertEquals(ref[3], trend.rSquared(), 1e-9, "r squared");
        assertEquals(ref[4], trend.doublingTime().days(), ref[4] * 1e-9, "VDT");
        assertEquals(ref[5], trend.doublingTime().lowerDays(), ref[5] * 1e-9, "VDT lower");
        assertEquals(ref[6], trend.doublingTime().upperDays(), ref[6] * 1e-9, "VDT upper");
        assertTrue(trend.doublingTime().bounded());
    }

    /** slope, slope CI, r^2, VDT and its CI from scipy.stats.linregress and the t quantile. */
    private static double[] scipy(int[] days, double[] volumes) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        String script = String.join("\n",
                "import sys, math",
                "from scipy import stats",
                "t = [float(x) for x in sys.argv[1].split(',')]",
                "y = [math.log(float(v)) for v in sys.argv[2].split(',')]",
                "r = stats.linregress(t, y)",
                "h = stats.t.ppf(0.975, len(t) - 2) * r.stderr",
                "lo, hi = r.slope - h, r.slope + h",
                "print(repr(r.slope), repr(lo), repr(hi), repr(r.rvalue ** 2),"
                        + " repr(math.log(2) / r.slope), repr(math.log(2) / hi), repr(math.log(2) / lo))");
        Process p = new ProcessBuilder(python.toString(), "-c", script,
                String.join(",", Arrays.stream(days).mapToObj(Integer::toString).toList()),
                String.join(",", Arrays.stream(volumes).mapToObj(v -> String.format(Locale.ROOT, "%.17g", v)).toList()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(p.exitValue() == 0 || !out.contains("No module named"), "SciPy missing: " + out);
        assertEquals(0, p.exitValue(), out);
        String[] parts = out.split("\\s+");
        assertEquals(7, parts.length, out);
        double[] values = new double[7];
        for (int i = 0; i < 7; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    @Test
    void trendRefusesFewerThanThreePoints() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeAnalysis.trend(List.of(at(0, 6, 100), at(90, 7, 130))));

        assertTrue(e.getMessage().contains("3 or more time points; got 2"), e.getMessage());
    }

    @Test
    void trendRefusesTwoMeasurementsOnOneDate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeAnalysis.trend(List.of(at(0, 6, 100), at(90, 7, 130), at(90, 7, 131))));

        assertTrue(e.getMessage().contains("two measurements on 2024-03-31"), e.getMessage());
    }

    @Test
    void trendRefusesAMissingTimelineOrEntry() {
        assertThrows(IllegalArgumentException.class, () -> ChangeAnalysis.trend(null));
        List<LesionMeasurement> withNull = new ArrayList<>(List.of(at(0, 6, 100), at(90, 7, 130)));
        withNull.add(1, null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeAnalysis.trend(withNull));

        assertTrue(e.getMessage().contains("entry 1 is null"), e.getMessage());
    }
}
