package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.dicomcnn.volume.GaussianFilter;
import org.dicomcnn.volume.IsotropicGrid;

/**
 * Nodule candidates for faint ground glass that the blob filter of {@link BlobCandidates} misses:
 * a ground-glass nodule beside a vessel or a brighter structure has no negative-definite Hessian
 * at its centre, so no dot-filter maximum (docs/benchmarks.md, "proposer misses").
 *
 * <p>On the isotropic grid, lung voxels whose value after a {@link #SMOOTHING_MM} Gaussian lies in
 * the ground-glass band {@link #LOW_HU}..{@link #HIGH_HU} are eroded by a ball of
 * {@link #EROSION_MM}: the partial-volume rims of vessels, of solid nodules and of the lungs'
 * walls are thinner than the ball and vanish; what is left are the cores of ground-glass regions
 * at least about 2 x {@link #EROSION_MM} across. Each 6-connected core of at least
 * {@link #MIN_CORE_VOXELS} voxels gives one candidate at its centroid, largest cores first.
 *
 * <pre>{@code
 * List<GroundGlassCores.Core> cores = GroundGlassCores.find(grid, lung, 100);
 * }</pre>
 */
public final class GroundGlassCores {

    /** The Gaussian applied before the band, mm. */
    static final double SMOOTHING_MM = 1.5;

    /** The lower end of the ground-glass band, HU (aerated lung lies below). */
    static final double LOW_HU = -750;

    /** The upper end of the ground-glass band, HU (solid tissue and vessels lie above). */
    static final double HIGH_HU = -350;

    /** The radius of the erosion ball, mm. */
    static final double EROSION_MM = 3;

    /** The smallest core kept, grid voxels (about 67 mm^3 at 1.5 mm). */
    static final int MIN_CORE_VOXELS = 20;

    private GroundGlassCores() {}

    /**
     * A ground-glass core.
     *
     * @param a centroid, grid x
     * @param b centroid, grid y
     * @param c centroid, grid z
     * @param voxels its size, grid voxels
     * @param diameterMm the diameter of the region it was eroded from: the core's equivalent sphere
     *     widened by the erosion ball on every side
     */
    public record Core(double a, double b, double c, int voxels, double diameterMm) {}

    /**
     * Finds ground-glass cores.
     *
     * @param grid the CT volume on an isotropic grid, HU
     * @param lung the lung fields on that grid ({@link BlobCandidates#lungMask})
     * @param max at most this many, largest first
     * @return the cores
     */
    public static List<Core> find(IsotropicGrid grid, boolean[] lung, int max) {
        if (max <= 0) {
            return List.of();
        }
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        float[] smooth = GaussianFilter.smooth(grid.data(), nx, ny, nz, SMOOTHING_MM / grid.spacingMm());
        boolean[] band = new boolean[smooth.length];
        for (int p = 0; p < band.length; p++) {
            band[p] = lung[p] && smooth[p] >= LOW_HU && smooth[p] <= HIGH_HU;
        }
        boolean[] core = eroded(band, nx, ny, nz, EROSION_MM / grid.spacingMm());
        List<Core> out = components(core, nx, ny, nz, grid.spacingMm());
        out.sort(Comparator.comparingInt(Core::voxels).reversed());
        return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    }

    /** The voxels whose whole ball of that radius (grid steps) is set; the grid's border counts as unset. */
    static boolean[] eroded(boolean[] in, int nx, int ny, int nz, double radius) {
        int r = (int) Math.floor(radius);
        List<int[]> ball = new ArrayList<>();
        for (int dc = -r; dc <= r; dc++) {
            for (int db = -r; db <= r; db++) {
                for (int da = -r; da <= r; da++) {
                    if (da * da + db * db + dc * dc <= radius * radius) {
                        ball.add(new int[] {da, db, dc});
                    }
                }
            }
        }
        boolean[] out = new boolean[in.length];
        IntStream.range(r, nz - r).parallel().forEach(c -> {
            for (int b = r; b < ny - r; b++) {
                for (int a = r; a < nx - r; a++) {
                    int p = (c * ny + b) * nx + a;
                    if (!in[p]) {
                        continue;
                    }
                    boolean all = true;
                    for (int[] d : ball) {
                        if (!in[p + (d[2] * ny + d[1]) * nx + d[0]]) {
                            all = false;
                            break;
                        }
                    }
                    out[p] = all;
                }
            }
        });
        return out;
    }

    /** The 6-connected components of at least {@link #MIN_CORE_VOXELS} voxels, in scan order. */
    private static List<Core> components(boolean[] set, int nx, int ny, int nz, double spacingMm) {
        boolean[] seen = new boolean[set.length];
        int[] stack = new int[set.length];
        List<Core> out = new ArrayList<>();
        int plane = nx * ny;
        for (int start = 0; start < set.length; start++) {
            if (!set[start] || seen[start]) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            long count = 0;
            double sa = 0;
            double sb = 0;
            double sc = 0;
            while (top > 0) {
                int p = stack[--top];
                int a = p % nx;
                int b = (p / nx) % ny;
                int c = p / plane;
                count++;
                sa += a;
                sb += b;
                sc += c;
                top = push(set, seen, stack, top, a > 0, p - 1);
                top = push(set, seen, stack, top, a < nx - 1, p + 1);
                top = push(set, seen, stack, top, b > 0, p - nx);
                top = push(set, seen, stack, top, b < ny - 1, p + nx);
                top = push(set, seen, stack, top, c > 0, p - plane);
                top = push(set, seen, stack, top, c < nz - 1, p + plane);
            }
            if (count >= MIN_CORE_VOXELS) {
                double coreMm = Math.cbrt(6 * count / Math.PI) * spacingMm;
                out.add(new Core(sa / count, sb / count, sc / count, (int) count, coreMm + 2 * EROSION_MM));
            }
        }
        return out;
    }

    private static int push(boolean[] set, boolean[] seen, int[] stack, int top, boolean inside, int q) {
        if (inside && set[q] && !seen[q]) {
            seen[q] = true;
            stack[top++] = q;
        }
        return top;
    }
}
