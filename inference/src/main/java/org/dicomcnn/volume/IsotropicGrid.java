package org.dicomcnn.volume;

import java.util.stream.IntStream;

/**
 * A working copy of a volume on an isotropic grid aligned with its voxel axes (first channel
 * only), for filters that want the same voxel size along every axis: blob filters, rigid
 * registration. In-plane, voxels smaller than the grid step are box-averaged before trilinear
 * sampling, so a 0.7 mm series resampled to 1.5 mm does not alias its noise.
 *
 * <pre>{@code
 * IsotropicGrid g = IsotropicGrid.of(volume, 1.5);
 * float hu = g.at(10, 20, 30);
 * }</pre>
 */
public final class IsotropicGrid {

    private final int nx;
    private final int ny;
    private final int nz;
    private final double spacingMm;
    private final double[] toVoxel;
    private final float[] data;

    private IsotropicGrid(int nx, int ny, int nz, double spacingMm, double[] toVoxel, float[] data) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.spacingMm = spacingMm;
        this.toVoxel = toVoxel;
        this.data = data;
    }

    /**
     * Resamples a volume.
     *
     * @param v the volume (regular slice spacing assumed: its median spacing is used)
     * @param spacingMm the grid step, mm
     * @return the grid; outside the volume values are clamped to its border
     */
    public static IsotropicGrid of(Volume v, double spacingMm) {
        if (!(spacingMm > 0)) {
            throw new IllegalArgumentException("grid spacing must be positive, not " + spacingMm);
        }
        Geometry g = v.geometry();
        double sx = g.columnSpacingMm();
        double sy = g.rowSpacingMm();
        double sz = g.slices() > 1 ? g.sliceSpacingMm() : spacingMm;
        int nx = Math.max(1, (int) Math.floor((v.width() - 1) * sx / spacingMm) + 1);
        int ny = Math.max(1, (int) Math.floor((v.height() - 1) * sy / spacingMm) + 1);
        int nz = Math.max(1, (int) Math.floor((v.depth() - 1) * sz / spacingMm) + 1);
        float[][] smooth = boxAveraged(v, (int) Math.floor(spacingMm / sx / 2), (int) Math.floor(spacingMm / sy / 2));
        double[] toVoxel = {spacingMm / sx, spacingMm / sy, spacingMm / sz};
        float[] out = new float[nx * ny * nz];
        int w = v.width();
        int h = v.height();
        int d = v.depth();
        IntStream.range(0, nz).parallel().forEach(c -> {
            double k = c * toVoxel[2];
            int k0 = Math.min(d - 1, (int) k);
            int k1 = Math.min(d - 1, k0 + 1);
            float fk = (float) (k - k0);
            for (int b = 0; b < ny; b++) {
                double j = b * toVoxel[1];
                int j0 = Math.min(h - 1, (int) j);
                int j1 = Math.min(h - 1, j0 + 1);
                float fj = (float) (j - j0);
                for (int a = 0; a < nx; a++) {
                    double i = a * toVoxel[0];
                    int i0 = Math.min(w - 1, (int) i);
                    int i1 = Math.min(w - 1, i0 + 1);
                    float fi = (float) (i - i0);
                    float lower = bilinear(smooth[k0], w, i0, i1, j0, j1, fi, fj);
                    float upper = bilinear(smooth[k1], w, i0, i1, j0, j1, fi, fj);
                    out[(c * ny + b) * nx + a] = lower + fk * (upper - lower);
                }
            }
        });
        return new IsotropicGrid(nx, ny, nz, spacingMm, toVoxel, out);
    }

    private static float bilinear(float[] s, int w, int i0, int i1, int j0, int j1, float fi, float fj) {
        float top = s[j0 * w + i0] + fi * (s[j0 * w + i1] - s[j0 * w + i0]);
        float bottom = s[j1 * w + i0] + fi * (s[j1 * w + i1] - s[j1 * w + i0]);
        return top + fj * (bottom - top);
    }

    /** The first channel of every slice, box-averaged in plane over (2rx+1) x (2ry+1) when r > 0. */
    private static float[][] boxAveraged(Volume v, int rx, int ry) {
        int w = v.width();
        int h = v.height();
        int c = v.channels();
        float[][] out = new float[v.depth()][];
        IntStream.range(0, v.depth()).parallel().forEach(k -> {
            float[] s = v.slice(k);
            float[] mono = new float[w * h];
            for (int p = 0; p < mono.length; p++) {
                mono[p] = s[p * c];
            }
            if (rx > 0 || ry > 0) {
                float[] rows = new float[w * h];
                boxPass(mono, rows, w, h, rx, 1);
                boxPass(rows, mono, h, w, ry, w);
            }
            out[k] = mono;
        });
        return out;
    }

    /**
     * One 1-D box mean of radius r along an axis of n points whose neighbours are {@code stride}
     * apart, for each of the {@code lines} lines across it; the window is cut at the borders.
     */
    private static void boxPass(float[] in, float[] out, int n, int lines, int r, int stride) {
        int across = stride == 1 ? n : 1;
        for (int line = 0; line < lines; line++) {
            int start = line * across;
            for (int x = 0; x < n; x++) {
                float sum = 0;
                int count = 0;
                for (int t = Math.max(0, x - r); t <= Math.min(n - 1, x + r); t++, count++) {
                    sum += in[start + t * stride];
                }
                out[start + x * stride] = sum / count;
            }
        }
    }

    /** Grid points along the volume's rows (x). */
    public int nx() {
        return nx;
    }

    /** Grid points along the volume's columns (y). */
    public int ny() {
        return ny;
    }

    /** Grid points along the slice normal (z). */
    public int nz() {
        return nz;
    }

    /** The grid step, mm. */
    public double spacingMm() {
        return spacingMm;
    }

    /** The values, x fastest, then y, then z. Shared, not copied. */
    public float[] data() {
        return data;
    }

    /** The value at a grid point. */
    public float at(int a, int b, int c) {
        return data[(c * ny + b) * nx + a];
    }

    /**
     * The volume's voxel coordinates (column, row, slice; fractional) of a grid point.
     *
     * @param a grid x
     * @param b grid y
     * @param c grid z
     * @return {i, j, k}
     */
    public double[] toVoxel(double a, double b, double c) {
        return new double[] {a * toVoxel[0], b * toVoxel[1], c * toVoxel[2]};
    }

    /**
     * The grid coordinates of a voxel of the volume.
     *
     * @param i column
     * @param j row
     * @param k slice
     * @return {a, b, c}, fractional
     */
    public double[] fromVoxel(double i, double j, double k) {
        return new double[] {i / toVoxel[0], j / toVoxel[1], k / toVoxel[2]};
    }
}
