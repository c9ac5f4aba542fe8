package org.dicomcnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dicomcnn.training.evaluate.Predictions;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainingRun#withMargin}: when false positives do not limit a class, its threshold lies
 * halfway between its least probable validation finding and the best-scoring series without it.
 */
class MarginThresholdTest {

    @Test
    void liesHalfwayBetweenTheHighestNegativeAndTheLowestFinding() {
        var series = new Predictions.Scored(new double[] {0.2, 0.8, 0.6, 0.9995, 0.9999},
                new boolean[] {false, false, false, true, true});
        assertEquals((0.8 + 0.9993) / 2, TrainingRun.withMargin(series, 0.9993), 1e-12);
    }

    @Test
    void negativesAboveTheLowestFindingDoNotCount() {
        // a negative series scored above the finding had no finding of the class: it cannot set the margin
        var series = new Predictions.Scored(new double[] {0.3, 0.9999, 0.999}, new boolean[] {false, false, true});
        assertEquals((0.3 + 0.99) / 2, TrainingRun.withMargin(series, 0.99), 1e-12);
    }

    @Test
    void withoutNegativesTheLowestFindingStands() {
        var series = new Predictions.Scored(new double[] {0.99, 0.999}, new boolean[] {true, true});
        assertEquals(0.99, TrainingRun.withMargin(series, 0.99), 1e-12);
    }
}
