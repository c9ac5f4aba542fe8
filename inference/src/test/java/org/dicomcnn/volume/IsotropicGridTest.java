package org.dicomcnn.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsotropicGridTest {

    /** A volume whose value is a linear function of the patient position. */
    private static Volume ramp(int w, int h, int d, double pixelMm, double sliceMm) {
        Geometry g = Geometry.regular(w, h, d, new Vec3(-10, 20, 5), new Vec3(1, 0, 0), new Vec3(0, 1, 0), pixelMm,
                pixelMm, sliceMm);
        float[][] slices = new float[d][w * h];
        List<SliceSource> sources = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    slices[k][j * w + i] = (float) (2 * i * pixelMm + 3 * j * pixelMm - 5 * k * sliceMm);
                }
            }
            sources.add(new SliceSource(Path.of("IM" + k), "1.2.3.4." + k, 0));
        }
        return new Volume(g, 1, slices, sources, new VolumeInfo("1.2.3", "1.2.3.9", "CT", "HU", List.of(), "MONOCHROME2"));
    }

    @Test
    void resamplesALinearRampExactlyOnTheIsotropicGrid() {
        Volume v = ramp(40, 30, 12, 0.75, 2.5);
        IsotropicGrid g = IsotropicGrid.of(v, 1.5);
        assertEquals(20, g.nx());
        assertEquals(15, g.ny());
        assertEquals(19, g.nz());
        for (int c = 0; c < g.nz(); c += 3) {
            for (int b = 1; b < g.ny() - 1; b += 2) {
                for (int a = 1; a < g.nx() - 1; a += 2) {
                    assertEquals(2 * a * 1.5 + 3 * b * 1.5 - 5 * c * 1.5, g.at(a, b, c), 1e-3, a + "," + b + "," + c);
                }
            }
        }
    }

    @Test
    void mapsGridPointsToVoxelsAndBack() {
        IsotropicGrid g = IsotropicGrid.of(ramp(40, 30, 12, 0.75, 2.5), 1.5);
        assertArrayEquals(new double[] {8, 6, 1.2}, g.toVoxel(4, 3, 2), 1e-12);
        assertArrayEquals(new double[] {4, 3, 2}, g.fromVoxel(8, 6, 1.2), 1e-12);
    }

    @Test
    void rejectsANonPositiveSpacing() {
        Volume v = ramp(4, 4, 2, 1, 1);
        assertEquals("grid spacing must be positive, not 0.0",
                assertThrows(IllegalArgumentException.class, () -> IsotropicGrid.of(v, 0)).getMessage());
    }
}
