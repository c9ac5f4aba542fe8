package org.dicomcnn.samples.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicomcnn.samples.phantom.SliceGeometry;
import org.junit.jupiter.api.Test;

class AcquisitionTest {

    @Test
    void slicesRunDownFromTheFirstAndPixelsAreCentredOnTheReconstructionCentre() {
        Acquisition a = new Acquisition(256, 360.0 / 256, 5, -10, 2.5, 2.0, 4, 100);
        assertEquals(360, a.fieldOfViewMm(), 1e-9);
        assertArrayEquals(new double[] {5 - 127.5 * 360 / 256, -10 - 127.5 * 360 / 256, 94},
                a.imagePosition(3), 1e-9);
        SliceGeometry g = a.geometry();
        assertEquals(4, g.slices());
        assertEquals(98, g.z(1), 1e-12);
        // The centre of the image lies between the two middle pixels.
        assertEquals(5, (g.x(127) + g.x(128)) / 2, 1e-9);
        assertEquals(2.5, g.sliceThicknessMm());
    }

    @Test
    void rejectsAnImpossibleMatrix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Acquisition(4096, 0.1, 0, 0, 1, 1, 1, 0));
        assertTrue(e.getMessage().contains("matrix must be 16..1024"), e.getMessage());
        IllegalArgumentException spec = assertThrows(IllegalArgumentException.class,
                () -> new AcquisitionSpec(512, 12, 12, 0, 0));
        assertTrue(spec.getMessage().contains("(0, 10] mm"), spec.getMessage());
    }
}
