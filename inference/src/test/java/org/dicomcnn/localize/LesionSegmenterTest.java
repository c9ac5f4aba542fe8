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
        VoxelRegion r = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, 48, 80, 10, new BitSet()).region();
        assertFalse(r.isEmpty());
        double[] c = r.centroidVoxel();
        assertEquals(48, c[0], 0.7);
        assertEquals(80, c[1], 0.5);
        assertEquals(10, c[2], 0.5);
        assertEquals(20, r.equivalentDiameterMm(), 2);
    }

    @Test
    void aNoduleTouchingTheChestWallIsSeparatedFromIt() {
        // the right lung spans x = 24..72 mm at y = 80; a 20 mm nodule at x = 34 touches its wall
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(34, 80, 20, 10, 40).build();
        LesionSegmenter.Result result = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, 38, 80, 10, new BitSet());
        VoxelRegion r = result.region();
        assertFalse(r.isEmpty(), result.method());
        double[] c = r.centroidVoxel();
        assertEquals(34, c[0], 1.0);
        assertEquals(80, c[1], 0.5);
        assertEquals(10, c[2], 0.5);
        assertEquals(20, r.equivalentDiameterMm(), 2);
    }

    @Test
    void aGroundGlassNoduleOnAVesselThickerThanTheOpeningIsMeasuredAsItsInscribedBall() {
        // an 8 mm ground-glass nodule (-330 HU); a 7 mm vessel along z through its centre survives
        // the opening (a 2 mm ball) and would make a 44 mm column of it
        Volume v = new SyntheticChest(160, 31).noise(10).nodule(48, 80, 30, 4, -330).vessel(48, 80, 3.5).build();
        LesionSegmenter.Result result = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, 48, 80, 15, new BitSet());
        VoxelRegion r = result.region();
        assertFalse(r.isEmpty(), result.method());
        double[] c = r.centroidVoxel();
        assertEquals(48, c[0], 0.5);
        assertEquals(80, c[1], 0.5);
        assertEquals(15, c[2], 0.5);
        assertEquals(8, r.equivalentDiameterMm(), 1.5, result.method());
        assertTrue(result.method().contains("inscribed ball"), result.method());
    }

    @Test
    void aSmallNoduleIsKeptWhole() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 3, 40).build();
        VoxelRegion r = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, 48, 80, 10, new BitSet()).region();
        assertEquals(6, r.equivalentDiameterMm(), 1);
        assertEquals(80, r.centroidVoxel()[1], 0.5);
    }
}
