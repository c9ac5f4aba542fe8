package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The separable distance transform against the definition, by brute force, on anisotropic voxels. */
class DistanceTransformTest {

    private static final int W = 9;
    private static final int H = 7;
    private static final int D = 5;
    private static final double[] SPACING = {0.7, 0.9, 2.5};

    @Test
    void equalsTheDistanceToTheNearestVoxelOutsideTheSet() {
        BitSet set = randomSet(1, 0.8);
        double[] d = DistanceTransform.squaredMm(set, W, H, D, SPACING, false);
        for (int p = 0; p < W * H * D; p++) {
            assertEquals(bruteForce(set, p, false), d[p], 1e-9, "voxel " + p);
        }
    }

    @Test
    void countsTheBoxOutsideAsInTheSetWhenAsked() {
        BitSet set = randomSet(2, 0.97);
        double[] d = DistanceTransform.squaredMm(set, W, H, D, SPACING, true);
        for (int p = 0; p < W * H * D; p++) {
            assertEquals(bruteForce(set, p, true), d[p], 1e-9, "voxel " + p);
        }
    }

    @Test
    void aSingleVoxelOutsideTheSetIsTheOnlyOrigin() {
        BitSet set = new BitSet();
        set.set(0, W * H * D);
        set.clear(index(4, 3, 2));
        double[] d = DistanceTransform.squaredMm(set, W, H, D, SPACING, true);
        // corner (0, 0, 0): 4 columns, 3 rows and 2 slices away
        assertEquals(Math.pow(4 * 0.7, 2) + Math.pow(3 * 0.9, 2) + Math.pow(2 * 2.5, 2), d[index(0, 0, 0)], 1e-9);
        assertEquals(0, d[index(4, 3, 2)]);
    }

    private static BitSet randomSet(long seed, double fraction) {
        Random r = new Random(seed);
        BitSet set = new BitSet();
        for (int p = 0; p < W * H * D; p++) {
            if (r.nextDouble() < fraction) {
                set.set(p);
            }
        }
        return set;
    }

    /** The squared distance from voxel p to the nearest voxel not in the set, the box's outside included unless it counts as in. */
    private static double bruteForce(BitSet set, int p, boolean outsideInSet) {
        if (!set.get(p)) {
            return 0;
        }
        int pi = p % W;
        int pj = (p / W) % H;
        int pk = p / (W * H);
        double best = Double.POSITIVE_INFINITY;
        for (int k = -1; k <= D; k++) {
            for (int j = -1; j <= H; j++) {
                for (int i = -1; i <= W; i++) {
                    boolean outsideBox = i < 0 || j < 0 || k < 0 || i >= W || j >= H || k >= D;
                    boolean background = outsideBox ? !outsideInSet : !set.get(index(i, j, k));
                    if (background) {
                        best = Math.min(best, Math.pow((i - pi) * SPACING[0], 2) + Math.pow((j - pj) * SPACING[1], 2)
                                + Math.pow((k - pk) * SPACING[2], 2));
                    }
                }
            }
        }
        return best;
    }

    private static int index(int i, int j, int k) {
        return (k * H + j) * W + i;
    }
}
