package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The map from a log-growth interval to a doubling-time interval, and the record's invariants. */
class DoublingTimeTest {

    private static final double LN2 = Math.log(2);

    @Test
    void mapsAPositiveIntervalEndByEnd() {
        DoublingTime vdt = DoublingTime.fromLogGrowth(LN2, 0.5, 1.0, 100, "m");

        assertEquals(100, vdt.days(), 0.0);
        assertEquals(100 * LN2 / 1.0, vdt.lowerDays(), 1e-12);
        assertEquals(100 * LN2 / 0.5, vdt.upperDays(), 1e-12);
        assertTrue(Double.isNaN(vdt.beyondInfinityDays()));
        assertTrue(vdt.bounded());
        assertTrue(vdt.doubling());
    }

    @Test
    void mapsANegativeIntervalEndByEnd() {
        DoublingTime vdt = DoublingTime.fromLogGrowth(-LN2, -1.0, -0.5, 100, "m");

        assertEquals(-100, vdt.days(), 0.0);
        assertEquals(-100 * LN2 / 0.5, vdt.lowerDays(), 1e-12);
        assertEquals(-100 * LN2 / 1.0, vdt.upperDays(), 1e-12);
        assertFalse(vdt.doubling());
    }

    @Test
    void anIntervalEndingAtZeroIsUnboundedWithNothingBeyond() {
        DoublingTime growing = DoublingTime.fromLogGrowth(0.5, 0, 1, 10, "m");
        DoublingTime shrinking = DoublingTime.fromLogGrowth(-0.5, -1, 0, 10, "m");

        assertEquals(10 * LN2, growing.lowerDays(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, growing.upperDays());
        assertTrue(Double.isNaN(growing.beyondInfinityDays()));
        assertEquals(Double.NEGATIVE_INFINITY, shrinking.lowerDays());
        assertEquals(-10 * LN2, shrinking.upperDays(), 1e-12);
        assertTrue(Double.isNaN(shrinking.beyondInfinityDays()));
    }

    @Test
    void noChangeWithoutNoiseIsInfiniteThroughout() {
        DoublingTime vdt = DoublingTime.fromLogGrowth(0, 0, 0, 30, "m");

        assertEquals(Double.POSITIVE_INFINITY, vdt.days());
        assertEquals(Double.POSITIVE_INFINITY, vdt.lowerDays());
        assertEquals(Double.POSITIVE_INFINITY, vdt.upperDays());
        assertFalse(vdt.contains(1e9));
    }

    @Test
    void containsFollowsTheIntervalThroughInfinity() {
        // growth 0.1 +/- 0.3 over 100 days: [100 ln2 / 0.4, +inf] u [-inf, 100 ln2 / -0.2]
        DoublingTime vdt = DoublingTime.fromLogGrowth(0.1, -0.2, 0.4, 100, "m");

        assertEquals(100 * LN2 / 0.4, vdt.lowerDays(), 1e-12);
        assertEquals(100 * LN2 / -0.2, vdt.beyondInfinityDays(), 1e-12);
        assertTrue(vdt.contains(1000));
        assertTrue(vdt.contains(Double.NEGATIVE_INFINITY));
        assertTrue(vdt.contains(-400));
        assertFalse(vdt.contains(-300));
        assertFalse(vdt.contains(150));
    }

    @ParameterizedTest(name = "days {0}, [{1}, {2}], beyond {3}")
    @CsvSource({
        "0, -1, 1, NaN, days 0.0",
        "NaN, 1, 2, NaN, days NaN",
        "5, 1, 4, NaN, 5.0 days must lie in its interval [1.0, 4.0]",
        "3, -5, 5, NaN, must not contain 0",
        "3, 1, 5, -4, beyondInfinityDays -4.0",
        "3, 1, Infinity, 4, beyondInfinityDays 4.0",
        "-3, -Infinity, -1, Infinity, beyondInfinityDays Infinity",
    })
    void rejectsBrokenInvariants(double days, double lower, double upper, double beyond, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DoublingTime(days, lower, upper, beyond, "m"));

        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void rejectsAMissingMethod() {
        assertThrows(IllegalArgumentException.class, () -> new DoublingTime(3, 1, 5, Double.NaN, " "));
    }

    @Test
    void fromLogGrowthRejectsBadInput() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> DoublingTime.fromLogGrowth(2, 0, 1, 10, "m"));
        IllegalArgumentException period = assertThrows(IllegalArgumentException.class,
                () -> DoublingTime.fromLogGrowth(0.5, 0, 1, 0, "m"));

        assertTrue(outside.getMessage().contains("log growth 2.0"), outside.getMessage());
        assertTrue(period.getMessage().contains("perDays 0.0"), period.getMessage());
    }
}
