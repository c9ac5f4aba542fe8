package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The trend record's checks; the regression itself is tested in {@link ChangeAnalysisTest}. */
class TrendTest {

    private static final LocalDate A = LocalDate.of(2022, 5, 1);
    private static final LocalDate B = LocalDate.of(2024, 5, 1);
    private static final DoublingTime VDT = DoublingTime.fromLogGrowth(0.002, 0.001, 0.003, 1, "m");

    @Test
    void acceptsAConsistentTrend() {
        assertDoesNotThrow(() -> new Trend(3, A, B, 0.002, 0.001, 0.003, 0.9, VDT));
        assertDoesNotThrow(() -> new Trend(3, A, B, 0.002, 0.001, 0.003, Double.NaN, VDT));
    }

    @Test
    void rejectsFewerThanThreePoints() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trend(2, A, B, 0.002, 0.001, 0.003, 0.9, VDT));

        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
    }

    @Test
    void rejectsDatesOutOfOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trend(3, B, A, 0.002, 0.001, 0.003, 0.9, VDT));

        assertTrue(e.getMessage().contains("2024-05-01 to 2022-05-01"), e.getMessage());
    }

    @Test
    void rejectsASlopeOutsideItsInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trend(3, A, B, 0.004, 0.001, 0.003, 0.9, VDT));

        assertTrue(e.getMessage().contains("slope 0.004"), e.getMessage());
    }

    @Test
    void rejectsRSquaredOutsideZeroToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trend(3, A, B, 0.002, 0.001, 0.003, 1.5, VDT));

        assertTrue(e.getMessage().contains("rSquared 1.5"), e.getMessage());
    }

    @Test
    void rejectsAMissingDoublingTime() {
        assertThrows(IllegalArgumentException.class, () -> new Trend(3, A, B, 0.002, 0.001, 0.003, 0.9, null));
    }
}
