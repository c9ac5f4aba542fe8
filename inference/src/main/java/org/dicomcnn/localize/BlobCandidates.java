package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.dicomcnn.volume.GaussianFilter;
import org.dicomcnn.volume.IsotropicGrid;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Nodule candidates from a multi-scale 3-D blob filter, the first stage of candidate
 * classification (as in the LUNA16 detection pipelines: candidates, then false-positive
 * reduction by a CNN on patches).
 *
 * <p>The volume is resampled to an isotropic {@link #GRID_MM} grid and smoothed with Gaussians of
 * {@link #SCALES_MM}; at each scale the Hessian's eigenvalues l1 <= l2 <= l3 give the dot
 * enhancement filter of Li, Sone and Doi (Med. Phys. 2003): {@code l3^2 / |l1|} when all three are
 * negative (a bright blob) and the weakest, scale-normalised, reaches {@link #MIN_CURVATURE_HU};
 * 0 otherwise. A vessel has one eigenvalue near 0 and scores near 0;
 * a nodule touching a vessel still scores. The response is scale-normalised ({@code sigma^2})
 * and maximised over scales. Candidates are its 3-D local maxima inside the lung fields (as
 * {@link RegionProposer} finds them), at least {@link #SUPPRESSION_MM} apart (a wider,
 * size-dependent gap let a hilum or a large vessel branching hide a nodule beside it).
 *
 * <p>They are ranked by the response times the roundness {@code l3 / l1} (1 for a sphere, near 0
 * for a tube): {@code |l3|^3 / l1^2}. The response alone grows with contrast, so a faint
 * ground-glass nodule (250-400 HU above the lung) ranked below hundreds of bright vessel
 * branchings; on the test phantoms this ranking keeps within the first 600 what the response
 * kept only within 900 ({@code bench/proposer-recall.sh}, docs/benchmarks.md).
 *
 * <pre>{@code
 * List<BlobCandidates.Candidate> c = BlobCandidates.find(volume, 100);
 * }</pre>
 */
public final class BlobCandidates {

    /** The isotropic working grid, mm. */
    public static final double GRID_MM = 1.5;

    /** Gaussian scales, mm: blobs of about 2 sqrt(3) sigma across, 4 to 35 mm. */
    static final double[] SCALES_MM = {1.5, 2.25, 3.25, 4.75, 7.0, 10.0};

    /**
     * The weakest scale-normalised curvature ({@code sigma^2 |l3|}) a blob needs, HU: faint
     * 6 mm ground glass reaches about 20, noise and the bends of the lungs' walls stay below.
     */
    static final double MIN_CURVATURE_HU = 10;

    /** Candidates lie at least this far apart, mm. */
    public static final double SUPPRESSION_MM = 5;

    /**
     * The revision of the candidate rule (filter, ranking, suppression); anything that keeps
     * candidates (a training run's candidate cache) names it, so a changed rule is not mixed with
     * candidates of the old one.
     */
    public static final int REVISION = 2;

    private BlobCandidates() {}

    /** What proposed a candidate. */
    public enum Source {
        /** a maximum of the dot filter */
        BLOB,
        /** a ground-glass core ({@link GroundGlassCores}) */
        GROUND_GLASS
    }

    /**
     * A candidate blob.
     *
     * @param voxel its centre in the volume's voxel coordinates (column, row, slice; fractional)
     * @param centreMm its centre in patient coordinates
     * @param response the scale-normalised dot-filter response, HU
     * @param scaleMm the Gaussian scale at which it responded most
     * @param roundness {@code l3 / l1} at that scale, 0..1
     * @param source what proposed it; a {@link Source#GROUND_GLASS} core has response and
     *     roundness 0 and the scale of a blob of its diameter
     */
    public record Candidate(double[] voxel, Vec3 centreMm, double response, double scaleMm, double roundness,
            Source source) {
        /** Validates. */
        public Candidate {
            voxel = voxel.clone();
        }

        /** The blob's approximate diameter, mm (2 sqrt(3) sigma). */
        public double diameterMm() {
            return 2 * Math.sqrt(3) * scaleMm;
        }

        @Override
        public double[] voxel() {
            return voxel.clone();
        }
    }

    /**
     * Finds candidates.
     *
     * @param v a CT volume in HU
     * @param max at most this many, highest response times roundness first
     * @return the candidates
     */
    public static List<Candidate> find(Volume v, int max) {
        return find(v, max, 0);
    }

    /**
     * Finds candidates: the blob filter's, then up to {@code maxGroundGlass} ground-glass cores
     * ({@link GroundGlassCores}, largest first) that lie at least {@link #SUPPRESSION_MM} / 2 from
     * every blob candidate.
     *
     * @param v a CT volume in HU
     * @param max at most this many blobs, highest response times roundness first
     * @param maxGroundGlass at most this many ground-glass cores; 0 for none
     * @return the candidates, blobs first
     */
    public static List<Candidate> find(Volume v, int max, int maxGroundGlass) {
        IsotropicGrid grid = IsotropicGrid.of(v, GRID_MM);
        boolean[] lung = lungMask(grid);
        List<Candidate> out = blobs(v, grid, lung, max);
        if (maxGroundGlass <= 0) {
            return out;
        }
        List<double[]> taken = new ArrayList<>();
        for (Candidate c : out) {
            double[] g = grid.fromVoxel(c.voxel[0], c.voxel[1], c.voxel[2]);
            taken.add(new double[] {g[0] * GRID_MM, g[1] * GRID_MM, g[2] * GRID_MM});
        }
        double apart = SUPPRESSION_MM / 2;
        int kept = 0;
        for (GroundGlassCores.Core core : GroundGlassCores.find(grid, lung, Integer.MAX_VALUE)) {
            if (kept >= maxGroundGlass) {
                break;
            }
            double[] mm = {core.a() * GRID_MM, core.b() * GRID_MM, core.c() * GRID_MM};
            if (taken.stream().anyMatch(t -> squaredDistance(t, mm) < apart * apart)) {
                continue;
            }
            double[] voxel = grid.toVoxel(core.a(), core.b(), core.c());
            out.add(new Candidate(voxel, v.geometry().voxelToPatient(voxel[0], voxel[1], voxel[2]), 0,
                    core.diameterMm() / (2 * Math.sqrt(3)), 0, Source.GROUND_GLASS));
            kept++;
        }
        return out;
    }

    private static double squaredDistance(double[] x, double[] y) {
        double dx = x[0] - y[0];
        double dy = x[1] - y[1];
        double dz = x[2] - y[2];
        return dx * dx + dy * dy + dz * dz;
    }

    /** The blob filter's candidates. */
    private static List<Candidate> blobs(Volume v, IsotropicGrid grid, boolean[] lung, int max) {
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        float[] best = new float[nx * ny * nz];
        byte[] bestScale = new byte[best.length];
        float[] roundness = new float[best.length];
        for (int s = 0; s < SCALES_MM.length; s++) {
            double sigma = SCALES_MM[s] / GRID_MM;
            float[] smooth = GaussianFilter.smooth(grid.data(), nx, ny, nz, sigma);
            int scale = s;
            double norm = sigma * sigma;
            IntStream.range(1, nz - 1).parallel().forEach(c -> {
                double[] e = new double[3];
                for (int b = 1; b < ny - 1; b++) {
                    for (int a = 1; a < nx - 1; a++) {
                        int p = (c * ny + b) * nx + a;
                        if (!lung[p]) {
                            continue;
                        }
                        hessianEigenvalues(smooth, nx, ny, p, e);
                        if (-e[2] * norm >= MIN_CURVATURE_HU) {
                            float r = (float) (norm * e[2] * e[2] / -e[0]);
                            if (r > best[p]) {
                                best[p] = r;
                                bestScale[p] = (byte) scale;
                                roundness[p] = (float) (e[2] / e[0]);
                            }
                        }
                    }
                }
            });
        }
        return peaks(v, grid, best, bestScale, roundness, lung, max);
    }

    private static List<Candidate> peaks(Volume v, IsotropicGrid grid, float[] r, byte[] scale, float[] roundness,
            boolean[] lung, int max) {
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        List<Integer> maxima = new ArrayList<>();
        for (int c = 1; c < nz - 1; c++) {
            for (int b = 1; b < ny - 1; b++) {
                for (int a = 1; a < nx - 1; a++) {
                    int p = (c * ny + b) * nx + a;
                    if (lung[p] && r[p] > 0 && isLocalMaximum(r, nx, ny, a, b, c)) {
                        maxima.add(p);
                    }
                }
            }
        }
        maxima.sort((x, y) -> Float.compare(r[y] * roundness[y], r[x] * roundness[x]));
        List<Candidate> out = new ArrayList<>();
        List<double[]> kept = new ArrayList<>();
        for (int p : maxima) {
            if (out.size() >= max) {
                break;
            }
            int a = p % nx;
            int b = (p / nx) % ny;
            int c = p / (nx * ny);
            double scaleMm = SCALES_MM[scale[p]];
            double[] mm = {a * GRID_MM, b * GRID_MM, c * GRID_MM};
            if (kept.stream().anyMatch(k -> squaredDistance(k, mm) < SUPPRESSION_MM * SUPPRESSION_MM)) {
                continue;
            }
            kept.add(mm);
            double[] voxel = grid.toVoxel(a, b, c);
            out.add(new Candidate(voxel, v.geometry().voxelToPatient(voxel[0], voxel[1], voxel[2]), r[p], scaleMm,
                    roundness[p], Source.BLOB));
        }
        return out;
    }

    private static boolean isLocalMaximum(float[] r, int nx, int ny, int a, int b, int c) {
        float centre = r[(c * ny + b) * nx + a];
        for (int dc = -1; dc <= 1; dc++) {
            for (int db = -1; db <= 1; db++) {
                for (int da = -1; da <= 1; da++) {
                    if ((da | db | dc) != 0 && r[((c + dc) * ny + b + db) * nx + a + da] > centre) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The lung fields of every grid slice, as {@link RegionProposer#lungField} draws them. */
    static boolean[] lungMask(IsotropicGrid grid) {
        int nx = grid.nx();
        int ny = grid.ny();
        boolean[] mask = new boolean[nx * ny * grid.nz()];
        IntStream.range(0, grid.nz()).parallel().forEach(c -> {
            float[] slice = Arrays.copyOfRange(grid.data(), c * nx * ny, (c + 1) * nx * ny);
            boolean[] field = RegionProposer.lungField(slice, nx, ny, grid.spacingMm());
            System.arraycopy(field, 0, mask, c * nx * ny, field.length);
        });
        return mask;
    }

    /**
     * The Hessian's eigenvalues at grid point p by central differences, ascending, into e; when
     * the Hessian is not negative definite only e[2] > 0 is meaningful.
     */
    static void hessianEigenvalues(float[] s, int nx, int ny, int p, double[] e) {
        int sy = nx;
        int sz = nx * ny;
        double c = s[p];
        double xx = s[p + 1] - 2 * c + s[p - 1];
        double yy = s[p + sy] - 2 * c + s[p - sy];
        double zz = s[p + sz] - 2 * c + s[p - sz];
        double xy = (s[p + 1 + sy] - s[p + 1 - sy] - s[p - 1 + sy] + s[p - 1 - sy]) / 4;
        double xz = (s[p + 1 + sz] - s[p + 1 - sz] - s[p - 1 + sz] + s[p - 1 - sz]) / 4;
        double yz = (s[p + sy + sz] - s[p + sy - sz] - s[p - sy + sz] + s[p - sy - sz]) / 4;
        // Sylvester's criterion: most voxels are not bright blobs (not negative definite), and
        // need no eigenvalues: report a positive largest eigenvalue and stop.
        double minor2 = xx * yy - xy * xy;
        double det = xx * (yy * zz - yz * yz) - xy * (xy * zz - yz * xz) + xz * (xy * yz - yy * xz);
        if (xx >= 0 || minor2 <= 0 || det >= 0) {
            e[0] = 0;
            e[1] = 0;
            e[2] = 1;
            return;
        }
        symmetricEigenvalues(xx, yy, zz, xy, xz, yz, e);
    }

    /**
     * Eigenvalues of a symmetric 3 x 3 matrix, ascending (the trigonometric solution of the
     * characteristic cubic, Smith 1961).
     */
    static void symmetricEigenvalues(double a11, double a22, double a33, double a12, double a13, double a23, double[] e) {
        double p1 = a12 * a12 + a13 * a13 + a23 * a23;
        double q = (a11 + a22 + a33) / 3;
        if (p1 < 1e-12 * (a11 * a11 + a22 * a22 + a33 * a33 + 1e-30)) {
            e[0] = a11;
            e[1] = a22;
            e[2] = a33;
            Arrays.sort(e);
            return;
        }
        double b11 = a11 - q;
        double b22 = a22 - q;
        double b33 = a33 - q;
        double p2 = b11 * b11 + b22 * b22 + b33 * b33 + 2 * p1;
        double p = Math.sqrt(p2 / 6);
        double det = b11 * (b22 * b33 - a23 * a23) - a12 * (a12 * b33 - a23 * a13) + a13 * (a12 * a23 - b22 * a13);
        double r = det / (2 * p * p * p);
        double phi = r <= -1 ? Math.PI / 3 : r >= 1 ? 0 : Math.acos(r) / 3;
        double largest = q + 2 * p * Math.cos(phi);
        double smallest = q + 2 * p * Math.cos(phi + 2 * Math.PI / 3);
        e[0] = smallest;
        e[1] = 3 * q - largest - smallest;
        e[2] = largest;
    }
}
