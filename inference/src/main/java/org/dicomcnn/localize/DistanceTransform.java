package org.dicomcnn.localize;

import java.util.BitSet;

/**
 * Exact Euclidean distance transform of a voxel set in a box, in mm, for anisotropic voxels: the
 * squared distance from every voxel to the nearest voxel outside the set (voxel centres).
 * Separable, one pass per axis over the lower envelope of parabolas
 * (Felzenszwalb and Huttenlocher, "Distance transforms of sampled functions", Theory of Computing
 * 8, 2012), so linear in the box's voxel count.
 */
final class DistanceTransform {

    private DistanceTransform() {}

    /**
     * Squared distances (mm^2) to the nearest voxel not in {@code set}; 0 outside it.
     *
     * @param set the voxels, indexed in a box of {@code width x height x depth} (column fastest)
     * @param width box columns
     * @param height box rows
     * @param depth box slices
     * @param spacingMm column, row and slice spacing
     * @param boxOutsideInSet whether the voxels beyond the box count as in the set (then a set
     *     that fills the box is "far" everywhere) or not (then the box's faces are as near as
     *     a voxel outside the set)
     * @return one squared distance per box voxel, in the same order
     */
    static double[] squaredMm(BitSet set, int width, int height, int depth, double[] spacingMm,
            boolean boxOutsideInSet) {
        int n = width * height * depth;
        double far = Math.pow((width + 2) * spacingMm[0] + (height + 2) * spacingMm[1] + (depth + 2) * spacingMm[2], 2);
        double[] d = new double[n];
        for (int p = 0; p < n; p++) {
            d[p] = set.get(p) ? far : 0;
        }
        int plane = width * height;
        int longest = Math.max(width, Math.max(height, depth)) + 2;
        Line line = new Line(longest, boxOutsideInSet ? far : 0);
        for (int k = 0; k < depth; k++) {
            for (int j = 0; j < height; j++) {
                line.transform(d, k * plane + j * width, 1, width, spacingMm[0]);
            }
        }
        for (int k = 0; k < depth; k++) {
            for (int i = 0; i < width; i++) {
                line.transform(d, k * plane + i, width, height, spacingMm[1]);
            }
        }
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                line.transform(d, j * width + i, plane, depth, spacingMm[2]);
            }
        }
        return d;
    }

    /** Work arrays for one line of the separable transform, reused along every line. */
    private static final class Line {
        private final double[] f;
        private final double[] z;
        private final int[] v;
        private final double beyond;

        Line(int longest, double beyond) {
            this.beyond = beyond;
            f = new double[longest];
            z = new double[longest + 1];
            v = new int[longest];
        }

        /**
         * Replaces the {@code count} values at {@code start + q * stride} by their 1-D squared
         * distance transform with sample spacing {@code step}; one more sample just beyond either
         * end of the line holds the box's outside.
         */
        void transform(double[] d, int start, int stride, int count, double step) {
            int m = count + 2;
            f[0] = beyond;
            f[m - 1] = beyond;
            for (int q = 0; q < count; q++) {
                f[q + 1] = d[start + q * stride];
            }
            int hull = 0;
            v[0] = 0;
            z[0] = Double.NEGATIVE_INFINITY;
            z[1] = Double.POSITIVE_INFINITY;
            for (int q = 1; q < m; q++) {
                double s = intersection(q, v[hull], step);
                while (s <= z[hull]) { // z[0] is minus infinity, so the hull never empties
                    hull--;
                    s = intersection(q, v[hull], step);
                }
                hull++;
                v[hull] = q;
                z[hull] = s;
                z[hull + 1] = Double.POSITIVE_INFINITY;
            }
            int h = 0;
            for (int q = 1; q < m - 1; q++) {
                double x = q * step;
                while (z[h + 1] < x) {
                    h++;
                }
                d[start + (q - 1) * stride] = sq(x - v[h] * step) + f[v[h]];
            }
        }

        /** Where the parabolas rooted at samples q and r intersect, in mm along the line. */
        private double intersection(int q, int r, double step) {
            return ((f[q] + sq(q * step)) - (f[r] + sq(r * step))) / (2 * step * (q - r));
        }
    }

    private static double sq(double x) {
        return x * x;
    }
}
