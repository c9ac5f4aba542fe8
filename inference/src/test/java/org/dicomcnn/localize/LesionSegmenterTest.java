package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * The nodule rule's opening by a ball scaled to the nodule: what the half-maximum threshold takes
 * in with a large nodule (a 6 mm vessel running into it, the chest wall it touches) is cut off, so
 * its centre and diameter are the nodule's; what the opening cannot cut (a vessel thicker than it
 * through a ground-glass nodule) leaves the nodule's largest inscribed ball as its measure.
 * Anisotropic grid: 1 mm pixels, 2 mm slices.
 */
class LesionSegmenterTest {

    @Test
    void aThickVesselAlongALargeNoduleIsCutOff() {
        // a 20 mm nodule; a 6 mm vessel along z that runs into its side (centre 11 mm from the nodule's)
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 10, 40).vessel(59, 80, 3).build();
        assertMeasured(v, new int[] {48, 80, 10}, new double[] {48, 80, 10}, 0.7, 20, 2);
    }

    @Test
    void aNoduleTouchingTheChestWallIsSeparatedFromIt() {
        // the right lung spans x = 24..72 mm at y = 80; a 20 mm nodule at x = 34 touches its wall
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(34, 80, 20, 10, 40).build();
        assertMeasured(v, new int[] {38, 80, 10}, new double[] {34, 80, 10}, 1.0, 20, 2);
    }

    @Test
    void aGroundGlassNoduleOnAVesselThickerThanTheOpeningIsMeasuredAsItsInscribedBall() {
        // an 8 mm ground-glass nodule (-330 HU); a 7 mm vessel along z through its centre survives
        // the opening (a 2 mm ball) and would make a 44 mm column of it
        Volume v = new SyntheticChest(160, 31).noise(10).nodule(48, 80, 30, 4, -330).vessel(48, 80, 3.5).build();
        LesionSegmenter.Result result = assertMeasured(v, new int[] {48, 80, 15}, new double[] {48, 80, 15}, 0.5, 8, 1.5);
        assertTrue(result.method().contains("inscribed ball"), result.method());
    }

    /**
     * Segments at a voxel and checks the region's centre (voxels; x within {@code xTolerance}, y
     * and slice within 0.5) and equivalent diameter (mm).
     */
    private static LesionSegmenter.Result assertMeasured(Volume v, int[] at, double[] centre, double xTolerance,
            double diameterMm, double diameterTolerance) {
        LesionSegmenter.Result result = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, at[0], at[1], at[2],
                new BitSet());
        VoxelRegion r = result.region();
        assertFalse(r.isEmpty(), result.method());
        double[] c = r.centroidVoxel();
        assertEquals(centre[0], c[0], xTolerance, result.method());
        assertEquals(centre[1], c[1], 0.5, result.method());
        assertEquals(centre[2], c[2], 0.5, result.method());
        assertEquals(diameterMm, r.equivalentDiameterMm(), diameterTolerance, result.method());
        return result;
    }

    @Test
    void aSmallNoduleIsKeptWhole() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 3, 40).build();
        VoxelRegion r = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, 48, 80, 10, new BitSet()).region();
        assertEquals(6, r.equivalentDiameterMm(), 1);
        assertEquals(80, r.centroidVoxel()[1], 0.5);
    }
}
