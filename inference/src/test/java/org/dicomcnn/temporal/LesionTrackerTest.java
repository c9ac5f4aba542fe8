package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dicomcnn.temporal.LesionTracker.Observation;
import org.dicomcnn.temporal.LesionTracker.Track;
import org.dicomcnn.volume.Vec3;
import org.junit.jupiter.api.Test;

class LesionTrackerTest {

    private static Observation nodule(int t, int i, double x, double y, double z, double d) {
        return new Observation(t, i, "nodule", new Vec3(x, y, z), d, Math.PI / 6 * d * d * d / 1000, 0.9);
    }

    @Test
    void assignmentFindsTheCheapestPairingNotTheGreedyOne() {
        // greedy would pair row 0 with column 0 (cost 1) and then row 1 with column 1 (cost 10): 11;
        // the optimum is 2 + 3 = 5
        int[] pairs = Assignment.minimumCost(new double[][] {{1, 2}, {3, 10}});
        assertArrayEquals(new int[] {1, 0}, pairs);
    }

    @Test
    void assignmentLeavesForbiddenPairsUnpairedAndHandlesRectangles() {
        double inf = Double.POSITIVE_INFINITY;
        assertArrayEquals(new int[] {-1, 0}, Assignment.minimumCost(new double[][] {{inf, inf}, {1, 5}}));
        assertArrayEquals(new int[] {2, 1, 0}, Assignment.minimumCost(new double[][] {{9, 9, 1}, {5, 6, 7}, {1, 8, 8}}),
                "square: 1 + 6 + 1");
        assertArrayEquals(new int[] {0, -1, 1}, Assignment.minimumCost(new double[][] {{1, 9}, {5, 8}, {9, 2}}));
        assertArrayEquals(new int[] {}, Assignment.minimumCost(new double[0][0]));
        assertArrayEquals(new int[] {-1, -1}, Assignment.minimumCost(new double[2][0]));
    }

    @Test
    void assignmentMatchesBruteForceOnRandomMatrices() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int rows = 1 + r.nextInt(5);
            int cols = 1 + r.nextInt(5);
            double[][] c = new double[rows][cols];
            for (double[] row : c) {
                for (int j = 0; j < cols; j++) {
                    row[j] = r.nextDouble() < 0.2 ? Double.POSITIVE_INFINITY : r.nextInt(20);
                }
            }
            int[] got = Assignment.minimumCost(c);
            double[] best = bruteForce(c, 0, new boolean[cols]);
            assertEquals(best[0], pairedCount(got), "pairs in trial " + trial);
            assertEquals(best[1], total(c, got), 1e-9, "cost in trial " + trial);
        }
    }

    /** {most pairs, least cost among those} over all partial assignments. */
    private static double[] bruteForce(double[][] c, int row, boolean[] used) {
        if (row == c.length) {
            return new double[] {0, 0};
        }
        double[] best = bruteForce(c, row + 1, used);
        for (int j = 0; j < used.length; j++) {
            if (!used[j] && c[row][j] != Double.POSITIVE_INFINITY) {
                used[j] = true;
                double[] rest = bruteForce(c, row + 1, used);
                used[j] = false;
                double pairs = rest[0] + 1;
                double cost = rest[1] + c[row][j];
                if (pairs > best[0] || (pairs == best[0] && cost < best[1])) {
                    best = new double[] {pairs, cost};
                }
            }
        }
        return best;
    }

    private static int pairedCount(int[] a) {
        int n = 0;
        for (int x : a) {
            n += x >= 0 ? 1 : 0;
        }
        return n;
    }

    private static double total(double[][] c, int[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] >= 0 ? c[i][a[i]] : 0;
        }
        return s;
    }

    @Test
    void followsLesionsThroughThreeStudiesWithNewAndResolvedOnes() {
        List<List<Observation>> tp = List.of(
                List.of(nodule(0, 0, 0, 0, 0, 8), nodule(0, 1, 50, 0, 0, 6)),
                List.of(nodule(1, 0, 51, 1, 0, 6), nodule(1, 1, 1, -1, 1, 10), nodule(1, 2, -60, 20, 30, 7)),
                List.of(nodule(2, 0, 2, 0, 1, 12), nodule(2, 1, -59, 21, 29, 7)));

        List<Track> tracks = LesionTracker.track(tp);

        assertEquals(3, tracks.size());
        Track grow = tracks.get(0);
        assertEquals("T1", grow.id());
        assertEquals(List.of(0, 1, 2), grow.observations().stream().map(Observation::timePoint).toList());
        assertEquals(12, grow.last().diameterMm());
        Track resolved = tracks.get(1);
        assertEquals(2, resolved.observations().size(), "seen at 0 and 1");
        assertNull(resolved.at(2), "gone at the last study");
        Track fresh = tracks.get(2);
        assertEquals(1, fresh.observations().get(0).timePoint(), "new at the second study");
        assertSame(tp.get(2).get(1), fresh.at(2));
    }

    @Test
    void keepsClassesApartAndRespectsTheSizeScaledGate() {
        Observation effusion0 = new Observation(0, 0, "effusion", new Vec3(80, 40, -60), 80, 270, 0.99);
        Observation effusion1 = new Observation(1, 0, "effusion", new Vec3(80, 60, -90), 90, 380, 0.99);
        Observation nearNodule = nodule(1, 1, 80, 41, -60, 8);
        List<Track> tracks = LesionTracker.track(List.of(List.of(effusion0), List.of(effusion1, nearNodule)));
        assertEquals(2, tracks.size(), "the nodule next to where the effusion was is not the effusion");
        assertEquals(2, tracks.get(0).observations().size(), "the effusion's centroid moved 36 mm, within 90 mm");

        List<Track> apart = LesionTracker.track(List.of(List.of(nodule(0, 0, 0, 0, 0, 6)),
                List.of(nodule(1, 0, 11, 0, 0, 6))));
        assertEquals(2, apart.size(), "11 mm apart is beyond a 6 mm nodule's 10 mm gate");
        assertEquals(10, LesionTracker.gateMm(6, 5));
        assertEquals(25, LesionTracker.gateMm(25, 5));
    }

    @Test
    void swappedNeighboursArePairedByTotalDistance() {
        List<Observation> before = new ArrayList<>(List.of(nodule(0, 0, 0, 0, 0, 6), nodule(0, 1, 8, 0, 0, 6)));
        List<Observation> after = List.of(nodule(1, 0, 9, 0, 0, 6), nodule(1, 1, 3, 0, 0, 6));
        List<Track> tracks = LesionTracker.track(List.of(before, after));
        assertEquals(2, tracks.size());
        assertEquals(3, tracks.get(0).at(1).centreMm().x(), 1e-9);
        assertEquals(9, tracks.get(1).at(1).centreMm().x(), 1e-9);
    }
}
