package org.dicomcnn.samples.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dicomcnn.samples.geometry.Vec3;
import org.junit.jupiter.api.Test;

class SliceRendererTest {

    private static SliceGeometry grid(int n, double spacing, double thickness, double[] z) {
        return new SliceGeometry(n, n, spacing, -(n - 1) / 2.0 * spacing, -(n - 1) / 2.0 * spacing, z, thickness);
    }

    @Test
    void renderedSphereHasItsAnalyticVolume() {
        double r = 6;
        double t = 2.5;
        double[] z = new double[12];
        for (int k = 0; k < z.length; k++) {
            z[k] = 13.75 - k * t;
        }
        SliceGeometry g = grid(48, 0.8, t, z);
        SliceRenderer renderer = new SliceRenderer(List.of(Layer.of("ball", Ellipsoid.sphere(new Vec3(0.3, -0.2, 0.4), r),
                1000)), 0, g);
        double volume = 0;
        for (int k = 0; k < z.length; k++) {
            for (float v : renderer.render(k)) {
                volume += v / 1000 * 0.8 * 0.8 * t;
            }
        }
        assertEquals(4.0 / 3 * Math.PI * r * r * r, volume, 0.01 * 4.0 / 3 * Math.PI * r * r * r);
    }

    @Test
    void thickSliceAveragesTheSlabAcrossAFlatSurface() {
        // A slab whose top at z = 0.3 lies inside a 3 mm slice centred at 0: 60 % of the slice is inside.
        Shape slab = DomedCylinder.flat(0, 0, 100, 100, -50, 0.3);
        SliceRenderer renderer = new SliceRenderer(List.of(Layer.of("slab", slab, 1000)), 0,
                grid(16, 1.0, 3.0, new double[] {0}));
        float[] v = renderer.render(0);
        assertEquals(600, v[8 * 16 + 8], 5);
    }

    @Test
    void laterLayersReplaceEarlierOnesWhereSolid() {
        SliceRenderer renderer = new SliceRenderer(List.of(Layer.of("big", Ellipsoid.sphere(Vec3.ZERO, 20), -850),
                Layer.of("small", Ellipsoid.sphere(Vec3.ZERO, 5), 40)), -1000, grid(64, 1, 1, new double[] {0}));
        float[] v = renderer.render(0);
        assertEquals(40, v[32 * 64 + 32], 1e-3);
        assertEquals(-850, v[32 * 64 + 32 + 12], 1e-3);
        assertEquals(-1000, v[0], 1e-3);
    }
}
