package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void acceptsAnEstimateOutsideItsEndPoints() {
        // percentile bootstrap intervals may miss their estimate; only lower <= upper is required
        Interval i = new Interval(0.9, 0.5, 0.8);
        assertFalse(i.contains(i.estimate()));
        assertEquals(0.3, i.width(), 1e-15);
        assertTrue(i.contains(0.5) && i.contains(0.8));
    }

    @Test
    void rejectsReversedEndPoints() {
        assertEquals("interval lower end 0.8 lies above its upper end 0.5",
                assertThrows(IllegalArgumentException.class, () -> new Interval(0.6, 0.8, 0.5)).getMessage());
    }

    @Test
    void rejectsNaN() {
        assertEquals("interval NaN [0.1, 0.2] holds NaN; estimate and end points must be numbers",
                assertThrows(IllegalArgumentException.class, () -> new Interval(Double.NaN, 0.1, 0.2)).getMessage());
    }
}
