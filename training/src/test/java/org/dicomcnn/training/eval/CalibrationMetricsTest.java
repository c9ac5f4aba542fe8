package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CalibrationMetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void eceIsTheCountWeightedGapOfTheBins() {
        // two bins: (0, 0.5] holds 0.2 (neg) and 0.4 (pos): mean 0.3, observed 0.5, gap 0.2;
        // (0.5, 1] holds 0.6 and 0.9, both pos: mean 0.75, observed 1, gap 0.25. ECE = (0.2 + 0.25) / 2
        double ece = CalibrationMetrics.expectedCalibrationError(new double[] {0.2, 0.4, 0.6, 0.9},
                new boolean[] {F, T, T, T}, 2);
        assertEquals(0.225, ece, 1e-15);
    }

    @Test
    void eceIsZeroWhenEveryBinMatchesItsFrequency() {
        double[] p = {0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75};
        boolean[] y = {T, F, F, F, T, T, T, F};
        assertEquals(0, CalibrationMetrics.expectedCalibrationError(p, y, 10), 1e-15);
    }

    @Test
    void eceOfCalibratedDataIsNearZero() {
        Synthetic.Labelled d = Synthetic.probabilities(20_000, 21, p -> p);
        double ece = CalibrationMetrics.expectedCalibrationError(d.scores(), d.positive(), 10);
        // sampling noise alone: about sqrt(0.25 / 2000) * 0.8 per bin, ~0.01
        assertTrue(ece < 0.02, "ECE " + ece);
    }

    @Test
    void eceOfOverconfidentDataIsLarge() {
        // the model says p but the truth is sigmoid(logit(p) / 3): far less certain than stated
        Synthetic.Labelled d = Synthetic.probabilities(20_000, 22,
                p -> Synthetic.sigmoid(Math.log(p / (1 - p)) / 3));
        double ece = CalibrationMetrics.expectedCalibrationError(d.scores(), d.positive(), 10);
        assertTrue(ece > 0.1, "ECE " + ece);
    }

    @Test
    void binsAreRightClosedWithZeroInTheFirst() {
        ReliabilityBins bins = CalibrationMetrics.reliability(new double[] {0, 0.5, 0.50000001, 1},
                new boolean[] {F, F, T, T}, 2);
        assertEquals(List.of(2L, 2L), bins.bins().stream().map(ReliabilityBins.Bin::count).toList());
        assertEquals(0.25, bins.bins().get(0).meanPredicted(), 1e-15);
        assertEquals(0.0, bins.bins().get(0).observedFrequency());
        assertEquals(1.0, bins.bins().get(1).observedFrequency());
    }

    @Test
    void reliabilityKeepsEmptyBinsWithNaNMeans() {
        ReliabilityBins bins = CalibrationMetrics.reliability(new double[] {0.05, 0.95}, new boolean[] {F, T}, 5);
        assertEquals(5, bins.bins().size());
        ReliabilityBins.Bin middle = bins.bins().get(2);
        assertTrue(middle.isEmpty());
        assertEquals(Double.NaN, middle.meanPredicted());
        assertEquals(0.4, middle.lower());
        assertEquals(0.6, middle.upper());
        assertEquals(2, bins.total());
        assertEquals(0.05, bins.expectedCalibrationError(), 1e-15);
        assertEquals(0.05, bins.maximumCalibrationError(), 1e-15);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("zero bins", (Executable) () ->
                        CalibrationMetrics.expectedCalibrationError(new double[] {0.5}, new boolean[] {T}, 0),
                        "bins 0 must be at least 1"),
                Arguments.of("probability above 1", (Executable) () ->
                        CalibrationMetrics.expectedCalibrationError(new double[] {0.5, 1.5}, new boolean[] {T, F}, 10),
                        "probabilities[1] = 1.5 lies outside [0, 1]"),
                Arguments.of("negative probability", (Executable) () ->
                        CalibrationMetrics.reliability(new double[] {-0.1}, new boolean[] {T}, 10),
                        "probabilities[0] = -0.1 lies outside [0, 1]"),
                Arguments.of("NaN probability", (Executable) () ->
                        CalibrationMetrics.reliability(new double[] {0.1, 0.2, Double.NaN}, new boolean[] {T, F, T}, 10),
                        "probabilities[2] is NaN; every one of the 3 probabilities must be a number"),
                Arguments.of("length mismatch", (Executable) () ->
                        CalibrationMetrics.reliability(new double[] {0.1, 0.2}, new boolean[] {T}, 10),
                        "probabilities hold 2 values but positive holds 1 labels; they must be the same length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputNamingTheProblem(String label, Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
