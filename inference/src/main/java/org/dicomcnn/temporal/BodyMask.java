package org.dicomcnn.temporal;

import org.dicomcnn.volume.GaussianFilter;
import org.dicomcnn.volume.IsotropicGrid;

/**
 * The patient's body on an isotropic grid, lungs included, without the scanner table: the part
 * of a CT that moves with the patient between studies, where registration measures similarity.
 *
 * <p>The grid is smoothed by a {@link #SMOOTHING_MM} Gaussian and thresholded at
 * {@link #TISSUE_HU}: a table's thin shell around low-density foam averages out below the
 * threshold, the body does not. The largest 6-connected component is kept and, slice by slice,
 * everything it encloses (lungs, airways) is added.
 */
public final class BodyMask {

    /** The Gaussian before thresholding, mm: wider than a table's shell is thick. */
    static final double SMOOTHING_MM = 4;

    /** Soft tissue lies above this after smoothing, HU. */
    static final double TISSUE_HU = -500;

    /** Inside the body, aerated lung lies below this, HU. */
    static final double AIR_HU = -400;

    private BodyMask() {}

    /**
     * @param g a CT volume on an isotropic grid, HU
     * @return the body, x fastest, as the grid's data
     */
    public static boolean[] of(IsotropicGrid g) {
        int nx = g.nx();
        int ny = g.ny();
        int nz = g.nz();
        float[] smooth = GaussianFilter.smooth(g.data(), nx, ny, nz, SMOOTHING_MM / g.spacingMm());
        boolean[] tissue = new boolean[smooth.length];
        for (int p = 0; p < tissue.length; p++) {
            tissue[p] = smooth[p] > TISSUE_HU;
        }
        boolean[] body = largestComponent(tissue, nx, ny, nz);
        for (int c = 0; c < nz; c++) {
            fillHoles(body, c * nx * ny, nx, ny);
        }
        return body;
    }

    /**
     * @param g the grid
     * @param body its body mask
     * @return the centroid of the aerated voxels inside the body (grid coordinates), or of the body
     *     when it holds none, or null when the body is empty
     */
    static double[] lungCentroid(IsotropicGrid g, boolean[] body) {
        double[] air = centroid(g, body, true);
        return air != null ? air : centroid(g, body, false);
    }

    private static double[] centroid(IsotropicGrid g, boolean[] body, boolean airOnly) {
        int nx = g.nx();
        int ny = g.ny();
        float[] v = g.data();
        double sa = 0;
        double sb = 0;
        double sc = 0;
        long n = 0;
        for (int p = 0; p < body.length; p++) {
            if (body[p] && (!airOnly || v[p] < AIR_HU)) {
                sa += p % nx;
                sb += (p / nx) % ny;
                sc += p / (nx * ny);
                n++;
            }
        }
        return n == 0 ? null : new double[] {sa / n, sb / n, sc / n};
    }

    private static boolean[] largestComponent(boolean[] set, int nx, int ny, int nz) {
        int[] label = new int[set.length];
        int[] stack = new int[set.length];
        int best = 0;
        long bestSize = 0;
        int next = 0;
        int plane = nx * ny;
        for (int start = 0; start < set.length; start++) {
            if (!set[start] || label[start] != 0) {
                continue;
            }
            next++;
            long size = 0;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int p = stack[--top];
                size++;
                int a = p % nx;
                int b = (p / nx) % ny;
                int c = p / plane;
                top = visit(set, label, stack, top, next, a > 0, p - 1);
                top = visit(set, label, stack, top, next, a < nx - 1, p + 1);
                top = visit(set, label, stack, top, next, b > 0, p - nx);
                top = visit(set, label, stack, top, next, b < ny - 1, p + nx);
                top = visit(set, label, stack, top, next, c > 0, p - plane);
                top = visit(set, label, stack, top, next, c < nz - 1, p + plane);
            }
            if (size > bestSize) {
                bestSize = size;
                best = next;
            }
        }
        boolean[] out = new boolean[set.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = best != 0 && label[p] == best;
        }
        return out;
    }

    private static int visit(boolean[] set, int[] label, int[] stack, int top, int id, boolean inside, int q) {
        if (inside && set[q] && label[q] == 0) {
            label[q] = id;
            stack[top++] = q;
        }
        return top;
    }

    /** Adds to one slice of the mask whatever it encloses: what the slice's border cannot reach. */
    private static void fillHoles(boolean[] mask, int offset, int nx, int ny) {
        boolean[] outside = new boolean[nx * ny];
        int[] stack = new int[nx * ny];
        int top = 0;
        for (int a = 0; a < nx; a++) {
            top = seed(mask, offset, outside, stack, top, a);
            top = seed(mask, offset, outside, stack, top, (ny - 1) * nx + a);
        }
        for (int b = 0; b < ny; b++) {
            top = seed(mask, offset, outside, stack, top, b * nx);
            top = seed(mask, offset, outside, stack, top, b * nx + nx - 1);
        }
        while (top > 0) {
            int p = stack[--top];
            int a = p % nx;
            int b = p / nx;
            if (a > 0) {
                top = seed(mask, offset, outside, stack, top, p - 1);
            }
            if (a < nx - 1) {
                top = seed(mask, offset, outside, stack, top, p + 1);
            }
            if (b > 0) {
                top = seed(mask, offset, outside, stack, top, p - nx);
            }
            if (b < ny - 1) {
                top = seed(mask, offset, outside, stack, top, p + nx);
            }
        }
        for (int p = 0; p < outside.length; p++) {
            mask[offset + p] = !outside[p];
        }
    }

    private static int seed(boolean[] mask, int offset, boolean[] outside, int[] stack, int top, int p) {
        if (!mask[offset + p] && !outside[p]) {
            outside[p] = true;
            stack[top++] = p;
        }
        return top;
    }
}
