package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OperatingPointsTest {

    private static final boolean T = true;
    private static final boolean F = false;
    private static final double[] SCORES = {0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
    private static final boolean[] TRUTH = {T, T, F, T, T, F, T, F, F, F};

    @Test
    void thresholdForSensitivityIsTheLargestReachingTheTarget() {
        // positives 0.9, 0.8, 0.7, 0.6, 0.4: 60% needs 3 of 5, 70% needs 4
        assertEquals(0.7, OperatingPoints.thresholdForSensitivity(SCORES, TRUTH, 0.6));
        assertEquals(0.6, OperatingPoints.thresholdForSensitivity(SCORES, TRUTH, 0.7));
        assertEquals(0.4, OperatingPoints.thresholdForSensitivity(SCORES, TRUTH, 1.0));
        assertEquals(0.9, OperatingPoints.thresholdForSensitivity(SCORES, TRUTH, 0.01));
    }

    @Test
    void thresholdForSensitivityReachesTheTargetWhenFedBack() {
        Synthetic.Labelled d = Synthetic.gaussian(1000, 0.3, 1, 4);
        for (double target : new double[] {0.5, 0.8, 0.9, 0.95, 0.99}) {
            double t = OperatingPoints.thresholdForSensitivity(d.scores(), d.positive(), target);
            assertTrue(OperatingPoints.at(d.scores(), d.positive(), t).confusion().sensitivity() >= target);
            double above = Math.nextUp(t);
            assertTrue(OperatingPoints.at(d.scores(), d.positive(), above).confusion().sensitivity() < target,
                    "a larger threshold than " + t + " still reaches " + target);
        }
    }

    @Test
    void thresholdForSensitivitySurvivesRoundingOfTargetTimesCount() {
        // 0.28 * 25 is 7.000000000000001 in double arithmetic; 7 of 25 positives already make 0.28
        double[] s = new double[25];
        boolean[] y = new boolean[25];
        for (int i = 0; i < s.length; i++) {
            s[i] = i + 1;
            y[i] = true;
        }
        assertEquals(19.0, OperatingPoints.thresholdForSensitivity(s, y, 0.28));
    }

    @Test
    void thresholdForSensitivityCallsAllTiedPositivesPositive() {
        double[] s = {0.9, 0.5, 0.5, 0.5, 0.1};
        boolean[] y = {T, T, T, T, F};
        double t = OperatingPoints.thresholdForSensitivity(s, y, 0.5);
        assertEquals(0.5, t);
        assertEquals(1.0, OperatingPoints.at(s, y, t).confusion().sensitivity());
    }

    @Test
    void youdenThresholdMaximisesSensitivityPlusSpecificity() {
        // J peaks at 0.6 at two thresholds: 0.6 (TP 4, FP 1: 4/5 + 4/5 - 1) and 0.4 (TP 5, FP 2:
        // 5/5 + 3/5 - 1); the larger threshold wins
        assertEquals(0.6, OperatingPoints.youdenThreshold(SCORES, TRUTH));
        // 0.4 calls both positives and one of three negatives positive: J = 1 + 2/3 - 1, the best
        assertEquals(0.4, OperatingPoints.youdenThreshold(new double[] {0.9, 0.8, 0.5, 0.4, 0.1},
                new boolean[] {F, F, T, T, F}));
    }

    @Test
    void youdenThresholdPrefersTheLargestOfEqualMaxima() {
        // J = 0.5 at 0.8 (TP 1, FP 0) and at 0.2 (TP 2, FP 1); 0.8 is the more specific
        double[] s = {0.8, 0.5, 0.2, 0.1};
        boolean[] y = {T, F, T, F};
        assertEquals(0.8, OperatingPoints.youdenThreshold(s, y));
    }

    @Test
    void atCallsScoresAtTheThresholdPositive() {
        OperatingPointResult r = OperatingPoints.at(SCORES, TRUTH, 0.7);
        assertEquals(new ConfusionMatrix(3, 1, 4, 2), r.confusion());
        assertEquals(0.7, r.threshold());
        assertEquals(0.6, r.sensitivity().estimate());
        assertEquals(0.8, r.specificity().estimate());
        assertEquals(WilsonScore.interval(3, 5), r.sensitivity());
        assertEquals(WilsonScore.interval(4, 5), r.specificity());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("target above 1", (Executable) () ->
                        OperatingPoints.thresholdForSensitivity(SCORES, TRUTH, 1.2),
                        "targetSensitivity 1.2 must lie in (0, 1]"),
                Arguments.of("target 0", (Executable) () ->
                        OperatingPoints.thresholdForSensitivity(SCORES, TRUTH, 0),
                        "targetSensitivity 0.0 must lie in (0, 1]"),
                Arguments.of("no positives for sensitivity", (Executable) () ->
                        OperatingPoints.thresholdForSensitivity(new double[] {1, 2}, new boolean[] {F, F}, 0.9),
                        "no positive samples among 2; a threshold for a sensitivity needs at least one positive"),
                Arguments.of("NaN threshold", (Executable) () -> OperatingPoints.at(SCORES, TRUTH, Double.NaN),
                        "threshold is NaN; it must be a number"),
                Arguments.of("no negatives at a threshold", (Executable) () ->
                        OperatingPoints.at(new double[] {1, 2}, new boolean[] {T, T}, 0.5),
                        "no negative samples among 2 (2 positive, 0 negative); sensitivity and specificity"
                                + " needs at least one positive and one negative"),
                Arguments.of("length mismatch for Youden", (Executable) () ->
                        OperatingPoints.youdenThreshold(new double[] {1}, new boolean[] {T, F}),
                        "scores hold 1 values but positive holds 2 labels; they must be the same length"),
                Arguments.of("NaN for Youden", (Executable) () ->
                        OperatingPoints.youdenThreshold(new double[] {Double.NaN, 1}, new boolean[] {T, F}),
                        "scores[0] is NaN; every one of the 2 scores must be a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputNamingTheProblem(String label, Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
