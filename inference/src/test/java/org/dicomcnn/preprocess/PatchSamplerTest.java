package org.dicomcnn.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.VolumeInfo;
import org.junit.jupiter.api.Test;

class PatchSamplerTest {

    private static final double PIXEL_MM = 0.8;
    private static final double SLICE_MM = 2.5;

    /** HU = 2 x + 3 y - 5 z (mm from the first voxel). */
    private static double ramp(double xMm, double yMm, double zMm) {
        return 2 * xMm + 3 * yMm - 5 * zMm;
    }

    private static Volume rampVolume() {
        int w = 64;
        int h = 48;
        int d = 20;
        float[][] slices = new float[d][w * h];
        List<SliceSource> sources = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    slices[k][j * w + i] = (float) ramp(i * PIXEL_MM, j * PIXEL_MM, k * SLICE_MM);
                }
            }
            sources.add(new SliceSource(Path.of("IM" + k), "1.2.3.4." + k, 0));
        }
        Geometry g = Geometry.regular(w, h, d, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0), PIXEL_MM, PIXEL_MM,
                SLICE_MM);
        return new Volume(g, 1, slices, sources, new VolumeInfo("1.2.3", "1.2.3.9", "CT", "HU", List.of(), "MONOCHROME2"));
    }

    /** 17 px at 1 mm, one window of 0 +- 2000 HU, no normalisation: value = (HU + 2000) / 4000. */
    private static Manifest.InputSpec spec() {
        return Manifest.InputSpec.triplanar("CT", new Manifest.Window(0, 4000), 17, 1.0, 0, 1);
    }

    private static double hu(float patchValue) {
        return patchValue * 4000 - 2000;
    }

    @Test
    void samplesAxialCoronalAndSagittalPlanesThroughThePoint() {
        Volume v = rampVolume();
        PatchSampler s = new PatchSampler(spec());
        float[] out = new float[s.inputLength()];
        double[] centre = {30, 20, 8};
        s.fill(v, centre, PatchSampler.Orientation.IDENTITY, out, 0);
        double cx = 30 * PIXEL_MM;
        double cy = 20 * PIXEL_MM;
        double cz = 8 * SLICE_MM;
        int n = 17;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double u = c - 8;
                double w = r - 8;
                assertEquals(ramp(cx + u, cy + w, cz), hu(out[r * n + c]), 0.05, "axial " + r + "," + c);
                assertEquals(ramp(cx + u, cy, cz + w), hu(out[n * n + r * n + c]), 0.05, "coronal " + r + "," + c);
                assertEquals(ramp(cx, cy + u, cz + w), hu(out[2 * n * n + r * n + c]), 0.05, "sagittal " + r + "," + c);
            }
        }
    }

    @Test
    void mirrorsTheAxesItIsToldToFlip() {
        Volume v = rampVolume();
        PatchSampler s = new PatchSampler(spec());
        float[] plain = new float[s.inputLength()];
        float[] flipped = new float[s.inputLength()];
        double[] centre = {30, 20, 8};
        s.fill(v, centre, PatchSampler.Orientation.IDENTITY, plain, 0);
        s.fill(v, centre, new PatchSampler.Orientation(true, false, true), flipped, 0);
        int n = 17;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                assertEquals(plain[r * n + (n - 1 - c)], flipped[r * n + c], 1e-5, "axial: x mirrored");
                assertEquals(plain[n * n + (n - 1 - r) * n + (n - 1 - c)], flipped[n * n + r * n + c], 1e-5,
                        "coronal: x and z mirrored");
                assertEquals(plain[2 * n * n + (n - 1 - r) * n + c], flipped[2 * n * n + r * n + c], 1e-5,
                        "sagittal: z mirrored");
            }
        }
    }

    @Test
    void contextPlanesRepeatTheThreePlanesAtTheirWiderSpacing() {
        Volume v = rampVolume();
        PatchSampler s = new PatchSampler(Manifest.InputSpec.triplanar("CT", new Manifest.Window(0, 4000), 17, 1.0, 2.5,
                0, 1));
        assertEquals(6 * 17 * 17, s.inputLength(), "6 channels");
        float[] out = new float[s.inputLength()];
        double[] centre = {30, 20, 8};
        s.fill(v, centre, new PatchSampler.Orientation(true, false, false), out, 0);
        double cx = 30 * PIXEL_MM;
        double cy = 20 * PIXEL_MM;
        double cz = 8 * SLICE_MM;
        int n = 17;
        int context = 3 * n * n;
        // patches hold whole HU (sampleHu rounds), so a value may be off by half a unit
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double u = (c - 8) * 2.5;
                double w = (r - 8) * 2.5;
                // x is mirrored in the context planes as in the fine ones; outside the volume is air
                double across = cx - u;
                double expectAxial = across < 0 || across > 63 * PIXEL_MM || cy + w > 47 * PIXEL_MM || cy + w < 0
                        ? -1024 : ramp(across, cy + w, cz);
                assertEquals(expectAxial, hu(out[context + r * n + c]), 0.51, "context axial " + r + "," + c);
                double expectSagittal = cy + u < 0 || cy + u > 47 * PIXEL_MM || cz + w < 0 || cz + w > 19 * SLICE_MM
                        ? -1024 : ramp(cx, cy + u, cz + w);
                assertEquals(expectSagittal, hu(out[context + 2 * n * n + r * n + c]), 0.51,
                        "context sagittal " + r + "," + c);
            }
        }
        assertEquals(ramp(cx + 1, cy, cz), hu(out[8 * n + 8 - 1]), 0.05, "the fine planes keep their 1 mm pixels");
    }

    @Test
    void contextPlanesMustBeWiderThanThePatch() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Manifest.InputSpec.triplanar("CT",
                new Manifest.Window(0, 4000), 17, 1.0, 0.5, 0, 1)).getMessage()
                .contains("context planes need a contextSpacingMm above the pixelSpacingMm 1.0 mm"));
    }

    @Test
    void fillsAirOutsideTheVolume() {
        PatchSampler s = new PatchSampler(spec());
        float[] out = new float[s.inputLength()];
        s.fill(rampVolume(), new double[] {0, 0, 0}, PatchSampler.Orientation.IDENTITY, out, 0);
        assertEquals(-1024, hu(out[0]), 0.05, "the corner beyond the first voxel is air");
        assertTrue(hu(out[17 * 17 - 1]) > -100, "the opposite corner is inside");
    }

    @Test
    void rejectsASpecThatIsNotAPatch() {
        Manifest.InputSpec slices = new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), 64, 1.0, 1, 5,
                0, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PatchSampler(slices)).getMessage()
                .contains("sampling triplanar-patch, not slices"));
    }
}
