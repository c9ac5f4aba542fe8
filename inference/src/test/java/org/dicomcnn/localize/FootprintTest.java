package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * A finding's footprint holds exactly the voxels it was measured on: every voxel of the
 * segmented region and no other, slice by slice, with runs that never wrap from one row into the
 * next.
 */
class FootprintTest {

    @Test
    void aSegmentedNodulesFootprintHoldsExactlyItsRegionsVoxels() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 6, 40).build();
        VoxelRegion region = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, 48, 80, 10, new BitSet()).region();
        Footprint footprint = region.footprint();

        assertEquals(region.size(), footprint.voxelCount());
        int[] box = region.boundingBox();
        int inside = 0;
        for (int k = box[2] - 1; k <= box[5] + 1; k++) {
            for (int j = box[1] - 1; j <= box[4] + 1; j++) {
                for (int i = box[0] - 1; i <= box[3] + 1; i++) {
                    assertEquals(region.contains(i, j, k), footprint.contains(i, j, k), "voxel " + i + "," + j + "," + k);
                    inside += footprint.contains(i, j, k) ? 1 : 0;
                }
            }
        }
        assertEquals(region.size(), inside);
        int[] slices = footprint.slices();
        assertEquals(box[2], slices[0]);
        assertEquals(box[5], slices[slices.length - 1]);
        assertEquals(box[5] - box[2] + 1, slices.length);
    }

    @Test
    void aFindingCarriesTheFootprintOfTheRegionItWasMeasuredOn() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 6, 40).build();
        VoxelRegion region = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, 48, 80, 10, new BitSet()).region();
        Finding f = HeatmapLocalizer.finding(v, "nodule", 0.9, false, region,
                new Finding.Provenance("region-scoring", "test", "test"));

        double voxelMl = SyntheticChest.PIXEL_MM * SyntheticChest.PIXEL_MM * SyntheticChest.SLICE_MM / 1000;
        assertEquals(f.volumeMl(), f.footprint().voxelCount() * voxelMl, 1e-9);
        assertEquals(f.supportingSlices().size(), f.footprint().slices().length);
    }

    @Test
    void runsStopAtTheEndOfARowAndAtGaps() {
        // a 4 x 4 x 2 volume: row 0 of slice 0 full, then the first column of row 1 (next index,
        // but a new row), a gap, and two voxels of slice 1
        Volume v = new SyntheticChest(4, 2).build();
        BitSet voxels = new BitSet();
        for (int i = 0; i < 4; i++) {
            voxels.set(VoxelRegion.index(v, i, 0, 0));
        }
        voxels.set(VoxelRegion.index(v, 0, 1, 0));
        voxels.set(VoxelRegion.index(v, 2, 1, 0));
        voxels.set(VoxelRegion.index(v, 1, 2, 1));
        voxels.set(VoxelRegion.index(v, 2, 2, 1));
        Footprint footprint = new VoxelRegion(v, voxels).footprint();

        assertEquals(List.of(new Footprint.Run(0, 0, 3), new Footprint.Run(1, 0, 0), new Footprint.Run(1, 2, 2)),
                footprint.runsOn(0));
        assertEquals(List.of(new Footprint.Run(2, 1, 2)), footprint.runsOn(1));
        assertArrayEquals(new int[] {0, 1}, footprint.slices());
        assertEquals(8, footprint.voxelCount());
        assertTrue(footprint.runsOn(2).isEmpty());
    }

    @Test
    void anEmptyRegionHasNoFootprint() {
        Volume v = new SyntheticChest(8, 2).build();
        assertTrue(new VoxelRegion(v, new BitSet()).footprint().isEmpty());
        assertEquals(0, Footprint.NONE.slices().length);
    }
}
