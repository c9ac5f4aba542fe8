package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.dicomcnn.volume.IsotropicGrid;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

class BlobCandidatesTest {

    @Test
    void eigenvaluesAgreeWithCommonsMath() {
        Random random = new Random(3);
        double[] e = new double[3];
        for (int n = 0; n < 1000; n++) {
            double[] a = random.doubles(6, -50, 50).toArray();
            BlobCandidates.symmetricEigenvalues(a[0], a[1], a[2], a[3], a[4], a[5], e);
            double[][] m = {{a[0], a[3], a[4]}, {a[3], a[1], a[5]}, {a[4], a[5], a[2]}};
            double[] expected = new EigenDecomposition(new Array2DRowRealMatrix(m)).getRealEigenvalues();
            Arrays.sort(expected);
            assertArrayEquals(expected, e, 1e-9 * 150, "matrix " + Arrays.toString(a));
        }
        BlobCandidates.symmetricEigenvalues(-3, -1, -2, 0, 0, 0, e);
        assertArrayEquals(new double[] {-3, -2, -1}, e, 1e-12);
    }

    @Test
    void findsSolidAndGroundGlassNodulesFirstAndIgnoresAVessel() {
        Volume v = new SyntheticChest(96, 21).nodule(30, 45, 20, 5, 40).nodule(70, 40, 24, 4, -600)
                .vessel(62, 60, 1.5).build();
        List<BlobCandidates.Candidate> c = BlobCandidates.find(v, 10);
        assertTrue(c.size() >= 2, "candidates: " + c);
        List<Vec3> firstTwo = List.of(c.get(0).centreMm(), c.get(1).centreMm());
        assertTrue(firstTwo.stream().anyMatch(p -> p.distance(new Vec3(30, 45, 20)) < 2), "solid nodule: " + c);
        assertTrue(firstTwo.stream().anyMatch(p -> p.distance(new Vec3(70, 40, 24)) < 2), "ground glass: " + c);
        BlobCandidates.Candidate solid = c.stream().filter(x -> x.centreMm().distance(new Vec3(30, 45, 20)) < 2)
                .findFirst().orElseThrow();
        assertEquals(10, solid.diameterMm(), 4, "the responding scale matches the size");
        double vesselResponse = c.stream().filter(x -> Math.abs(x.centreMm().x() - 62) < 3
                && Math.abs(x.centreMm().y() - 60) < 3).mapToDouble(BlobCandidates.Candidate::response).max().orElse(0);
        assertTrue(vesselResponse < 0.2 * solid.response(), "a vessel is a tube, not a blob: " + vesselResponse);
    }

    @Test
    void groundGlassCoresFindGroundGlassButNotSolidNodulesVesselsOrTheLungsWalls() {
        Volume v = new SyntheticChest(96, 21).nodule(30, 45, 20, 5, 40).nodule(70, 40, 20, 7, -600)
                .vessel(62, 60, 1.5).build();
        IsotropicGrid grid = IsotropicGrid.of(v, BlobCandidates.GRID_MM);
        List<GroundGlassCores.Core> cores = GroundGlassCores.find(grid, BlobCandidates.lungMask(grid), 10);
        assertEquals(1, cores.size(), "one core, in the ground glass: " + cores);
        GroundGlassCores.Core core = cores.get(0);
        double[] voxel = grid.toVoxel(core.a(), core.b(), core.c());
        assertTrue(v.geometry().voxelToPatient(voxel[0], voxel[1], voxel[2]).distance(new Vec3(70, 40, 20)) < 1.5,
                "at the centre: " + core);
        assertEquals(14, core.diameterMm(), 3, "the core widened by the erosion ball measures the region");
    }

    @Test
    void groundGlassCoresJoinTheBlobsUnlessABlobIsAlreadyThere() {
        Volume v = new SyntheticChest(96, 21).nodule(70, 40, 20, 7, -600).build();
        List<BlobCandidates.Candidate> both = BlobCandidates.find(v, 10, 5);
        assertTrue(both.stream().anyMatch(c -> c.centreMm().distance(new Vec3(70, 40, 20)) < 2), "blob: " + both);
        assertTrue(both.stream().allMatch(c -> c.source() == BlobCandidates.Source.BLOB),
                "the core lies on the blob candidate and is not proposed twice: " + both);

        List<BlobCandidates.Candidate> coresOnly = BlobCandidates.find(v, 0, 5);
        assertEquals(1, coresOnly.size(), "no blob quota, one core: " + coresOnly);
        BlobCandidates.Candidate c = coresOnly.get(0);
        assertEquals(BlobCandidates.Source.GROUND_GLASS, c.source());
        assertTrue(c.centreMm().distance(new Vec3(70, 40, 20)) < 1.5, "at the centre: " + c);
        assertEquals(14, c.diameterMm(), 3, "a ground-glass candidate's diameter is its region's");
        assertEquals(List.of(), BlobCandidates.find(v, 0, 0), "no quota, no candidates");
    }

    @Test
    void findsNothingInLungWithoutStructures() {
        Volume v = new SyntheticChest(96, 9).noise(0).build();
        assertEquals(List.of(), BlobCandidates.find(v, 10));
    }
}
