package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * The fallback measurement of a candidate-stage finding: a ball of the proposer's diameter around
 * the candidate, in millimetres on an anisotropic grid (1 mm pixels, 2 mm slices).
 */
class CandidateFindingTest {

    @Test
    void ballHasTheVolumeAndCentreOfASphereOfThatDiameter() {
        Volume v = new SyntheticChest(64, 21).noise(0).build();
        double[] centre = {30.4, 31.0, 10.2};
        VoxelRegion ball = FindingDetector.ball(v, centre, 10);
        double sphereMl = 4.0 / 3 * Math.PI * 125 / 1000;
        assertEquals(sphereMl, ball.volumeMl(), sphereMl * 0.1, "volume of a 10 mm sphere, within 10%");
        assertEquals(10, ball.equivalentDiameterMm(), 0.5);
        double[] c = ball.centroidVoxel();
        assertEquals(centre[0], c[0], 0.5);
        assertEquals(centre[1], c[1], 0.5);
        assertEquals(centre[2], c[2], 0.5);
    }

    @Test
    void aBallSmallerThanAVoxelIsTheNearestVoxel() {
        Volume v = new SyntheticChest(64, 21).noise(0).build();
        VoxelRegion ball = FindingDetector.ball(v, new double[] {63.4, 0.2, 20.4}, 0.1);
        assertEquals(1, ball.size());
        assertTrue(ball.contains(63, 0, 20));
    }
}
