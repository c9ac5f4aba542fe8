package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.preprocess.SlicePlane;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

class HeatmapLocalizerTest {

    private static final int SIZE = 96;

    /** A coarse 12 x 12 heatmap over a fit-to-FOV input, peaking at voxel (i, j). */
    private static Heatmap heatmapAt(Volume v, int slice, double i, double j, double spreadCells) {
        SlicePlane plane = SlicePlane.centred(v.width(), v.height(), 1, 1, SIZE, 0);
        double[] uv = plane.toInput(i, j);
        int grid = 12;
        float[] values = new float[grid * grid];
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                double cx = (x + 0.5) * SIZE / grid - 0.5;
                double cy = (y + 0.5) * SIZE / grid - 0.5;
                double d2 = (Math.pow(cx - uv[0], 2) + Math.pow(cy - uv[1], 2)) / Math.pow(spreadCells * SIZE / grid, 2);
                values[y * grid + x] = (float) Math.exp(-d2);
            }
        }
        return new Heatmap(0, slice, grid, grid, values, SIZE, plane, "grad-cam");
    }

    @Test
    void measuresANoduleWhereTheHeatmapPoints() {
        // A 10 mm solid nodule centred at (30, 45, 20) mm: slices of 2 mm, pixels of 1 mm.
        Volume v = new SyntheticChest(96, 21).nodule(30, 45, 20, 5, 40).vessel(26, 60, 1.5).build();
        List<Heatmap> maps = new ArrayList<>();
        double[] probabilities = new double[v.depth()];
        for (int k = 8; k <= 12; k++) {
            maps.add(heatmapAt(v, k, 31, 44, 1.0)); // the heatmap is coarse and a little off
            probabilities[k] = 0.9;
        }
        List<Finding> f = HeatmapLocalizer.localize(v, "nodule", maps, probabilities, false,
                HeatmapLocalizer.Settings.DEFAULT);
        assertEquals(1, f.size(), f.toString());
        Finding n = f.get(0);
        assertEquals(30, n.centreMm().x(), 1.0);
        assertEquals(45, n.centreMm().y(), 1.0);
        assertEquals(20, n.centreMm().z(), 1.0);
        assertEquals(10, n.diameterMm(), 1.5, "equivalent diameter");
        assertEquals(4.0 / 3 * Math.PI * 125 / 1000, n.volumeMl(), 0.1);
        assertEquals(0.9, n.probability(), 1e-12);
        assertEquals("grad-cam", n.provenance().method());
        assertTrue(n.provenance().segmentation().startsWith("half-maximum region growing"), n.provenance().toString());
        assertTrue(n.supportingSlices().stream().anyMatch(s -> s.sliceIndex() == 10 && s.sopInstanceUid().equals("1.2.3.4.10")));
    }

    @Test
    void keepsSeparateLesionsApartAndDropsEmptyHeatmaps() {
        Volume v = new SyntheticChest(96, 21).nodule(30, 45, 10, 4, 40).nodule(66, 50, 30, 6, -500).build();
        List<Heatmap> maps = new ArrayList<>();
        double[] probabilities = new double[v.depth()];
        for (int k = 4; k <= 6; k++) {
            maps.add(heatmapAt(v, k, 30, 45, 0.8));
            probabilities[k] = 0.7;
        }
        for (int k = 13; k <= 17; k++) {
            maps.add(heatmapAt(v, k, 66, 50, 0.8));
            probabilities[k] = 0.95;
        }
        maps.add(new Heatmap(0, 19, 12, 12, new float[144], SIZE, maps.get(0).plane(), "grad-cam"));
        List<Finding> f = HeatmapLocalizer.localize(v, "nodule", maps, probabilities, true, HeatmapLocalizer.Settings.DEFAULT);
        assertEquals(2, f.size(), f.toString());
        assertEquals(0.95, f.get(0).probability(), 1e-12, "most probable first");
        assertEquals(30, f.get(0).centreMm().z(), 1.5);
        assertEquals(12, f.get(0).diameterMm(), 2.0, "ground-glass nodule measured by half maximum");
        assertEquals(8, f.get(1).diameterMm(), 1.5);
        assertTrue(f.get(0).calibrated());
    }

    @Test
    void measuresAnEffusionByFluidDensity() {
        Volume v = new SyntheticChest(96, 15).fluidBelow(60).build();
        List<Heatmap> maps = new ArrayList<>();
        double[] probabilities = new double[v.depth()];
        for (int k = 0; k < v.depth(); k++) {
            maps.add(heatmapAt(v, k, 29, 66, 2.5));
            probabilities[k] = 0.8;
        }
        List<Finding> f = HeatmapLocalizer.localize(v, "pleural effusion", maps, probabilities, false,
                HeatmapLocalizer.Settings.DEFAULT);
        assertEquals(1, f.size(), f.toString());
        Finding e = f.get(0);
        assertTrue(e.centreMm().y() > 60, "fluid lies below the level: " + e.centreMm());
        assertTrue(e.volumeMl() > 2 && e.volumeMl() < 30, "volume " + e.volumeMl());
        assertTrue(e.provenance().segmentation().startsWith("fluid-density region"), e.provenance().toString());
    }
}
