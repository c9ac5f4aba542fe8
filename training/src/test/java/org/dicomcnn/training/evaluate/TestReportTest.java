package org.dicomcnn.training.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The groups of the detection breakdown. */
class TestReportTest {

    @Test
    void bandsNameTheirBoundsAndSortInOrder() {
        double[] bounds = {8, 12, 20};
        assertEquals("a: below 8", TestReport.band(6.5, bounds));
        assertEquals("b: 8 to 12", TestReport.band(8, bounds));
        assertEquals("c: 12 to 20", TestReport.band(19.9, bounds));
        assertEquals("d: 20 and above", TestReport.band(20, bounds));
        assertEquals("b: 1.5 to 3", TestReport.band(2, TestReport.THICKNESS_BANDS_MM));
        assertNull(TestReport.band(Double.NaN, bounds));
    }
}
