package org.dicomcnn.samples.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChestAnatomyTest {

    private static final int N = 256;
    private static final double SPACING = 1.4;
    private static ChestAnatomy anatomy;
    private static float[] midSlice;
    private static SliceGeometry grid;

    @BeforeAll
    static void render() {
        anatomy = ChestAnatomy.build(BodyHabitus.AVERAGE, PhantomRandom.forKey("test/anatomy"));
        grid = new SliceGeometry(N, N, SPACING, -(N - 1) / 2.0 * SPACING, -(N - 1) / 2.0 * SPACING + 10,
                new double[] {20}, 1.4);
        midSlice = new SliceRenderer(anatomy.layers(), Tissue.AIR_HU, grid).render(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** HU of the pixels whose centres lie at least 3 mm inside a shape. */
    private static double[] inside(Shape shape) {
        return java.util.stream.IntStream.range(0, N * N)
                .filter(p -> shape.signedDistance(grid.x(p % N), grid.y(p / N), grid.z(0)) < -3)
                .mapToDouble(p -> midSlice[p]).toArray();
    }

    @Test
    void tissuesHaveTheirNominalAttenuation() {
        assertEquals(BodyHabitus.AVERAGE.lungHu(), median(inside(anatomy.lung(Side.RIGHT))), 30, "lung");
        assertEquals(Tissue.AIR_HU, midSlice[0], 1e-3, "air outside the body");
        Shape wall = Intersection.of(anatomy.body(), new Complement(DomedCylinder.flat(0, 5, 150, 120, -400, 400)));
        double[] chestWall = inside(wall);
        assertTrue(median(chestWall) > -120 && median(chestWall) < 60, "chest wall " + median(chestWall));
        double max = 0;
        for (float v : midSlice) {
            max = Math.max(max, v);
        }
        assertTrue(max > 600, "bone should reach about 700 HU, max " + max);
    }

    @Test
    void lungsHavePlausibleVolumes() {
        for (Side side : Side.values()) {
            double v = anatomy.lungVolumeMl(side);
            assertTrue(v > 1200 && v < 3500, side + " lung " + v + " ml");
        }
    }

    @Test
    void vesselsMakeNoduleLikeDotsThatDefeatANaiveThreshold() {
        // A naive detector: lung pixels above -400 HU, grouped into connected blobs. There is no
        // nodule in this phantom, yet vessels crossing the slice give many such blobs.
        Shape lungs = new Union(List.of(anatomy.lung(Side.RIGHT), anatomy.lung(Side.LEFT)));
        boolean[] candidate = new boolean[N * N];
        for (int p = 0; p < N * N; p++) {
            candidate[p] = midSlice[p] > -400 && lungs.signedDistance(grid.x(p % N), grid.y(p / N), grid.z(0)) < -2;
        }
        int blobs = 0;
        boolean[] seen = new boolean[N * N];
        for (int p = 0; p < N * N; p++) {
            if (!candidate[p] || seen[p]) {
                continue;
            }
            int size = 0;
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(p));
            seen[p] = true;
            while (!queue.isEmpty()) {
                int q = queue.pop();
                size++;
                int x = q % N;
                int y = q / N;
                int[] next = {x > 0 ? q - 1 : -1, x < N - 1 ? q + 1 : -1, y > 0 ? q - N : -1, y < N - 1 ? q + N : -1};
                for (int r : next) {
                    if (r >= 0 && candidate[r] && !seen[r]) {
                        seen[r] = true;
                        queue.push(r);
                    }
                }
            }
            if (size >= 2) {
                blobs++;
            }
        }
        assertTrue(blobs >= 25, "only " + blobs + " vessel blobs in a mid-lung slice");
    }

    @Test
    void theSameKeyBuildsTheSameAnatomy() {
        ChestAnatomy again = ChestAnatomy.build(BodyHabitus.AVERAGE, PhantomRandom.forKey("test/anatomy"));
        assertArrayEquals(midSlice, new SliceRenderer(again.layers(), Tissue.AIR_HU, grid).render(0));
    }
}
