package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * How a candidate-stage finding is measured: the nodule segmented at the candidate, accepted off
 * the candidate as far as its own radius or the blob's diameter, whichever is less; else a ball
 * of the proposer's diameter around the candidate, in millimetres on an anisotropic grid (1 mm
 * pixels, 2 mm slices).
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

    /** A blob filter's peak on a large nodule lies off its centre; the finding is still centred. */
    @Test
    void aLargeNoduleIsMeasuredFromACandidateOffItsCentre() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 12, 40).build();
        double[] offCentre = {48, 88, 10}; // 8 mm posterior of the centre of a 24 mm nodule
        assertSegmentedWhole(FindingDetector.measureCandidate(v, offCentre, 24), new double[] {48, 80, 10}, 1.0, 24);
    }

    /**
     * Against the pleura the blob filter answers on a large nodule's free side, at a smaller scale:
     * a 16.5 mm blob 8.4 mm off the centre of a 26 mm nodule that touches the chest wall. The
     * nodule, cut from the wall, is the finding.
     */
    @Test
    void aLargeNoduleAgainstTheChestWallIsMeasuredFromASmallerBlobOnItsFreeSide() {
        // the right lung spans x = 24..72 mm at y = 80; the nodule's edge touches its wall
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(37, 80, 20, 13, 40).build();
        assertSegmentedWhole(FindingDetector.measureCandidate(v, new double[] {45.4, 80, 10}, 16.5),
                new double[] {37, 80, 10}, 0.5, 26);
    }

    /** A 38 mm nodule (phantom nodules grow to 40 mm) is measured whole from a blob 6 mm off its centre. */
    @Test
    void aNoduleOfAlmost40MmIsMeasuredWhole() {
        Volume v = new SyntheticChest(160, 31).noise(10).nodule(48, 80, 30, 19, 40).build();
        assertSegmentedWhole(FindingDetector.measureCandidate(v, new double[] {48, 86, 15}, 34.6),
                new double[] {48, 80, 15}, 1.0, 38);
    }

    /**
     * A region far larger than the blob the proposer saw (a small blob on a vessel whose region
     * leaked) does not move the finding: the ball is used.
     */
    @Test
    void aRegionMuchLargerThanTheCandidatesBlobIsNotTakenForIt() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 12, 40).build();
        LesionSegmenter.Result r = FindingDetector.measureCandidate(v, new double[] {48, 88, 10}, 5);
        assertTrue(r.method().startsWith("ball"), r.method());
        assertEquals(88, r.region().centroidVoxel()[1], 0.5);
    }

    /** A small nodule seen 8 mm from the candidate is not the candidate's: the ball is used. */
    @Test
    void aSmallNoduleFarFromTheCandidateIsNotTakenForIt() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 3, 40).build();
        LesionSegmenter.Result r = FindingDetector.measureCandidate(v, new double[] {48, 88, 10}, 6);
        assertTrue(r.method().startsWith("ball"), r.method());
        assertEquals(88, r.region().centroidVoxel()[1], 0.5);
    }

    /**
     * A large nodule's most probable candidate is a small blob 7 mm off its centre (measured as a
     * ball); a less probable candidate on it segments the whole nodule: one finding, the whole
     * nodule, with the higher probability.
     */
    @Test
    void aBallTakesTheLesionALessProbableDuplicateSegmented() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 10, 40).build();
        SliceScores.Candidate offCentre = new SliceScores.Candidate(0, new double[] {48, 87, 10}, 5, 0.99);
        SliceScores.Candidate central = new SliceScores.Candidate(0, new double[] {48, 81, 10}, 16, 0.9);
        assertTrue(FindingDetector.measureCandidate(v, offCentre.voxel(), 5).method().equals(FindingDetector.BALL));

        List<Finding> found = FindingDetector.placeCandidates(v, "nodule", List.of(offCentre, central), 0.5, 5);

        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals(0.99, f.probability(), 1e-9);
        assertEquals(80, f.centreVoxel()[1], 1.0);
        assertEquals(20, f.diameterMm(), 2);
        assertTrue(f.provenance().detail().contains("less probable candidate"), f.provenance().detail());
    }

    /** Below the threshold a candidate neither makes a finding nor lends its region. */
    @Test
    void aCandidateBelowTheThresholdDoesNotPlaceAFinding() {
        Volume v = new SyntheticChest(160, 21).noise(10).nodule(48, 80, 20, 10, 40).build();
        SliceScores.Candidate offCentre = new SliceScores.Candidate(0, new double[] {48, 87, 10}, 5, 0.99);
        SliceScores.Candidate central = new SliceScores.Candidate(0, new double[] {48, 81, 10}, 16, 0.3);

        List<Finding> found = FindingDetector.placeCandidates(v, "nodule", List.of(offCentre, central), 0.5, 5);

        assertEquals(1, found.size());
        assertEquals(87, found.get(0).centreVoxel()[1], 0.5);
        assertEquals(FindingDetector.BALL, found.get(0).provenance().segmentation());
    }

    @Test
    void aBallSmallerThanAVoxelIsTheNearestVoxel() {
        Volume v = new SyntheticChest(64, 21).noise(0).build();
        VoxelRegion ball = FindingDetector.ball(v, new double[] {63.4, 0.2, 20.4}, 0.1);
        assertEquals(1, ball.size());
        assertTrue(ball.contains(63, 0, 20));
    }

    /**
     * The candidate's segmented nodule was taken (not a ball): centred on {@code centre} (voxels;
     * column within 1, row within {@code rowTolerance}, slice within 0.5) and {@code diameterMm}
     * across within 2 mm.
     */
    private static void assertSegmentedWhole(LesionSegmenter.Result r, double[] centre, double rowTolerance,
            double diameterMm) {
        assertTrue(!r.method().startsWith("ball"), r.method());
        double[] c = r.region().centroidVoxel();
        assertEquals(centre[0], c[0], 1.0);
        assertEquals(centre[1], c[1], rowTolerance);
        assertEquals(centre[2], c[2], 0.5);
        assertEquals(diameterMm, r.region().equivalentDiameterMm(), 2);
    }
}
