package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void computesTheRatiosFromTheCounts() {
        ConfusionMatrix m = new ConfusionMatrix(30, 10, 50, 10);
        assertEquals(100, m.total());
        assertEquals(0.75, m.sensitivity());
        assertEquals(50.0 / 60, m.specificity());
        assertEquals(0.75, m.precision());
        assertEquals(0.8, m.accuracy());
    }

    @Test
    void reportsUndefinedRatiosAsNaN() {
        ConfusionMatrix m = new ConfusionMatrix(0, 0, 5, 0);
        assertEquals(Double.NaN, m.sensitivity());
        assertEquals(Double.NaN, m.precision());
        assertEquals(1.0, m.specificity());
        assertEquals(Double.NaN, new ConfusionMatrix(0, 0, 0, 0).accuracy());
    }

    @Test
    void countsScoresAtOrAboveTheThresholdAsPositive() {
        ConfusionMatrix m = ConfusionMatrix.at(new double[] {0.2, 0.5, 0.5, 0.9}, new boolean[] {true, false, true, false},
                0.5);
        assertEquals(new ConfusionMatrix(1, 2, 0, 1), m);
    }

    @Test
    void rejectsNegativeCountsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(1, -2, 3, 4));
        assertEquals("confusion counts TP 1, FP -2, TN 3, FN 4 must not be negative", e.getMessage());
    }
}
