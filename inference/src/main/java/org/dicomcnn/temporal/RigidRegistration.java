package org.dicomcnn.temporal;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.PowellOptimizer;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.GaussianFilter;
import org.dicomcnn.volume.IsotropicGrid;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Rigid (6 degrees of freedom) registration of a prior CT to the current one, so that findings
 * and images of the two can be compared in one frame. The studies' Frames of Reference may
 * differ: nothing but the images is trusted.
 *
 * <p>The similarity is the normalised cross-correlation of HU over the current study's body
 * ({@link BodyMask}: the scanner table, which does not move with the patient, is left out),
 * between the current grid point and the prior sampled trilinearly where the transform puts it.
 * Points that fall outside the prior are left out of the sums, so partial overlap is allowed.
 * Parameters are three translations (mm) and three rotations (degrees, R = Rz Ry Rx) about the
 * current study's lung centroid; they start from the shift that aligns the two lung centroids and
 * are refined by Commons Math's Powell optimiser on isotropic grids from coarse to fine
 * ({@link Settings#levelsMm()}), each level starting where the previous one stopped.
 *
 * <pre>{@code
 * Registration r = RigidRegistration.register(current, prior, RigidRegistration.Settings.DEFAULT,
 *         ProgressListener.NONE);
 * if (!r.failed()) {
 *     Vec3 inPrior = r.currentToPrior().apply(findingCentreMm);
 * }
 * }</pre>
 */
public final class RigidRegistration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RigidRegistration.class);

    /** The grid the body mask is found on, mm. */
    static final double MASK_GRID_MM = 4;

    /** The Gaussian applied at every level before sampling, in grid steps (anti-aliasing). */
    static final double LEVEL_SMOOTHING_STEPS = 0.5;

    /** Shifts along the table tried from the lung-centroid start at the coarsest level, mm. */
    static final double[] START_SHIFTS_Z_MM = {0, -30, 30, -60, 60};

    private RigidRegistration() {}

    /**
     * How to register.
     *
     * @param levelsMm grid steps from coarse to fine, mm
     * @param maxSamples at most this many body points per level (a fixed-seed random subset)
     * @param maxEvaluations similarity evaluations allowed per level
     * @param minCorrelation a result whose correlation is below this is flagged as failed
     * @param minOverlap a result that maps less than this share of the current body into the
     *     prior is flagged as failed
     */
    public record Settings(double[] levelsMm, int maxSamples, int maxEvaluations, double minCorrelation,
            double minOverlap) {

        /** Levels 8, 4 and 2 mm, 150,000 samples, correlation at least 0.5, overlap at least 0.3. */
        public static final Settings DEFAULT = new Settings(new double[] {8, 4, 2}, 150_000, 3000, 0.5, 0.3);

        /** Validates and copies. */
        public Settings {
            if (levelsMm == null || levelsMm.length == 0) {
                throw new IllegalArgumentException("at least one registration level needed");
            }
            levelsMm = levelsMm.clone();
            for (double l : levelsMm) {
                if (!(l > 0)) {
                    throw new IllegalArgumentException("registration levels must be positive mm, not " + l);
                }
            }
            if (maxSamples < 1000) {
                throw new IllegalArgumentException("at least 1000 samples needed, not " + maxSamples);
            }
            if (maxEvaluations < 100) {
                throw new IllegalArgumentException("at least 100 evaluations per level needed, not " + maxEvaluations);
            }
        }

        @Override
        public double[] levelsMm() {
            return levelsMm.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Settings s && Arrays.equals(levelsMm, s.levelsMm) && maxSamples == s.maxSamples
                    && maxEvaluations == s.maxEvaluations && minCorrelation == s.minCorrelation
                    && minOverlap == s.minOverlap;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(levelsMm) * 31 + maxSamples;
        }

        @Override
        public String toString() {
            return "Settings[levelsMm=" + Arrays.toString(levelsMm) + ", maxSamples=" + maxSamples + "]";
        }
    }

    /**
     * Registers a prior to the current study.
     *
     * @param current the current study's series (the fixed image)
     * @param prior the prior's series (the moving image)
     * @param settings how
     * @param progress told after each level ("registering"); may cancel between levels
     * @return the transform from the current study's patient frame to the prior's, with its quality
     */
    public static Registration register(Volume current, Volume prior, Settings settings, ProgressListener progress) {
        long t0 = System.nanoTime();
        IsotropicGrid fixedMaskGrid = IsotropicGrid.of(current, MASK_GRID_MM);
        boolean[] fixedBody = BodyMask.of(fixedMaskGrid);
        IsotropicGrid movingMaskGrid = IsotropicGrid.of(prior, MASK_GRID_MM);
        boolean[] movingBody = BodyMask.of(movingMaskGrid);
        double[] fc = BodyMask.lungCentroid(fixedMaskGrid, fixedBody);
        double[] mc = BodyMask.lungCentroid(movingMaskGrid, movingBody);
        if (fc == null || mc == null) {
            return Registration.failed("no body found in the " + (fc == null ? "current" : "prior") + " series",
                    seconds(t0));
        }
        Vec3 centre = toPatient(current, fixedMaskGrid, fc);
        Vec3 start = toPatient(prior, movingMaskGrid, mc).minus(centre);
        double[] params = {start.x(), start.y(), start.z(), 0, 0, 0};
        double[] levels = settings.levelsMm();
        int evaluations = 0;
        Level level = null;
        for (int l = 0; l < levels.length; l++) {
            if (progress.cancelled()) {
                throw new CancellationException("registration cancelled");
            }
            level = new Level(current, prior, levels[l], fixedMaskGrid, fixedBody, settings.maxSamples(), centre);
            if (l == 0) {
                params = bestStart(level, params);
            }
            Level at = level;
            PowellOptimizer optimizer = new PowellOptimizer(1e-6, 1e-4);
            try {
                PointValuePair best = optimizer.optimize(new MaxEval(settings.maxEvaluations()),
                        new ObjectiveFunction(p -> at.cost(p)), GoalType.MINIMIZE, new InitialGuess(params));
                params = best.getPoint();
            } catch (TooManyEvaluationsException e) {
                LOG.warn("registration level {} mm stopped after {} evaluations", levels[l], settings.maxEvaluations());
            }
            evaluations += optimizer.getEvaluations();
            progress.progress(l + 1, levels.length, "registering");
        }
        RigidTransform t = transformOf(params, centre);
        double[] quality = level.correlationAndOverlap(params);
        String problem = null;
        if (!(quality[0] >= settings.minCorrelation())) {
            problem = String.format(Locale.ROOT, "correlation %.3f below %.2f", quality[0], settings.minCorrelation());
        } else if (!(quality[1] >= settings.minOverlap())) {
            problem = String.format(Locale.ROOT, "only %.0f %% of the current body maps into the prior",
                    100 * quality[1]);
        }
        Registration r = new Registration(t, quality[0], quality[1], problem, evaluations, seconds(t0));
        LOG.info("registered: {}, correlation {}, overlap {}, {} evaluations, {} s{}", t,
                String.format(Locale.ROOT, "%.3f", quality[0]), String.format(Locale.ROOT, "%.2f", quality[1]),
                evaluations, String.format(Locale.ROOT, "%.1f", r.seconds()), problem == null ? "" : "; FAILED: " + problem);
        return r;
    }

    /**
     * @param params tx, ty, tz (mm), rx, ry, rz (degrees)
     * @param centre the centre of rotation, mm
     * @return the transform they describe
     */
    static RigidTransform transformOf(double[] params, Vec3 centre) {
        return RigidTransform.aboutCentre(new double[] {params[3], params[4], params[5]}, centre,
                new Vec3(params[0], params[1], params[2]));
    }

    /** Of the start shifted along the table by each of {@link #START_SHIFTS_Z_MM}, the most similar. */
    private static double[] bestStart(Level level, double[] params) {
        double[] best = params;
        double bestCost = level.cost(params);
        for (double dz : START_SHIFTS_Z_MM) {
            double[] p = params.clone();
            p[2] += dz;
            double c = level.cost(p);
            if (c < bestCost) {
                bestCost = c;
                best = p;
            }
        }
        return best;
    }

    private static Vec3 toPatient(Volume v, IsotropicGrid g, double[] abc) {
        double[] ijk = g.toVoxel(abc[0], abc[1], abc[2]);
        return v.geometry().voxelToPatient(ijk[0], ijk[1], ijk[2]);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One resolution level: the current study's body samples and the prior's grid. */
    private static final class Level {

        private final float[] sa;
        private final float[] sb;
        private final float[] sc;
        private final float[] fixedValues;
        private final float[] moving;
        private final int nx;
        private final int ny;
        private final int nz;
        /** Current grid coordinates to current patient mm, 3 x 4. */
        private final double[][] fixedToPatient;
        /** Prior patient mm to prior grid coordinates, 3 x 4. */
        private final double[][] patientToMoving;
        private final Vec3 centre;

        Level(Volume current, Volume prior, double spacingMm, IsotropicGrid maskGrid, boolean[] body, int maxSamples,
                Vec3 centre) {
            this.centre = centre;
            IsotropicGrid f = IsotropicGrid.of(current, spacingMm);
            float[] fixed = GaussianFilter.smooth(f.data(), f.nx(), f.ny(), f.nz(), LEVEL_SMOOTHING_STEPS);
            IsotropicGrid m = IsotropicGrid.of(prior, spacingMm);
            moving = GaussianFilter.smooth(m.data(), m.nx(), m.ny(), m.nz(), LEVEL_SMOOTHING_STEPS);
            nx = m.nx();
            ny = m.ny();
            nz = m.nz();
            fixedToPatient = gridToPatient(current, f);
            patientToMoving = invert(gridToPatient(prior, m));
            int[] inside = new int[fixed.length];
            int n = 0;
            for (int c = 0; c < f.nz(); c++) {
                for (int b = 0; b < f.ny(); b++) {
                    for (int a = 0; a < f.nx(); a++) {
                        if (inBody(f, maskGrid, body, a, b, c)) {
                            inside[n++] = (c * f.ny() + b) * f.nx() + a;
                        }
                    }
                }
            }
            int[] chosen = subset(inside, n, maxSamples);
            sa = new float[chosen.length];
            sb = new float[chosen.length];
            sc = new float[chosen.length];
            fixedValues = new float[chosen.length];
            for (int s = 0; s < chosen.length; s++) {
                int p = chosen[s];
                sa[s] = p % f.nx();
                sb[s] = (p / f.nx()) % f.ny();
                sc[s] = p / (f.nx() * f.ny());
                fixedValues[s] = fixed[p];
            }
        }

        private static boolean inBody(IsotropicGrid f, IsotropicGrid maskGrid, boolean[] body, int a, int b, int c) {
            double[] ijk = f.toVoxel(a, b, c);
            double[] m = maskGrid.fromVoxel(ijk[0], ijk[1], ijk[2]);
            int ma = (int) Math.round(m[0]);
            int mb = (int) Math.round(m[1]);
            int mc = (int) Math.round(m[2]);
            if (ma < 0 || mb < 0 || mc < 0 || ma >= maskGrid.nx() || mb >= maskGrid.ny() || mc >= maskGrid.nz()) {
                return false;
            }
            return body[(mc * maskGrid.ny() + mb) * maskGrid.nx() + ma];
        }

        /** A fixed-seed random subset of the first n entries, in ascending order (cache-friendly). */
        private static int[] subset(int[] all, int n, int max) {
            int[] out = Arrays.copyOf(all, n);
            if (n <= max) {
                return out;
            }
            SplittableRandom r = new SplittableRandom(20261127L);
            for (int i = 0; i < max; i++) {
                int j = i + r.nextInt(n - i);
                int tmp = out[i];
                out[i] = out[j];
                out[j] = tmp;
            }
            int[] kept = Arrays.copyOf(out, max);
            Arrays.sort(kept);
            return kept;
        }

        double cost(double[] params) {
            return -correlationAndOverlap(params)[0];
        }

        /** @return {normalised cross-correlation, share of samples inside the prior} */
        double[] correlationAndOverlap(double[] params) {
            double[][] t = transformOf(params, centre).matrix();
            double[][] map = compose(patientToMoving, compose(t, fixedToPatient));
            int chunks = 16;
            int per = (fixedValues.length + chunks - 1) / chunks;
            double[][] sums = new double[chunks][];
            IntStream.range(0, chunks).parallel().forEach(k -> sums[k] = sums(map, k * per,
                    Math.min(fixedValues.length, (k + 1) * per)));
            double[] total = new double[6];
            for (double[] s : sums) {
                for (int i = 0; i < total.length; i++) {
                    total[i] += s[i];
                }
            }
            double n = total[0];
            double sf = total[1];
            double sm = total[2];
            double sff = total[3];
            double smm = total[4];
            double sfm = total[5];
            double overlap = n / fixedValues.length;
            if (n < 100) {
                return new double[] {-1, overlap};
            }
            double cov = sfm - sf * sm / n;
            double vf = sff - sf * sf / n;
            double vm = smm - sm * sm / n;
            double ncc = vf > 0 && vm > 0 ? cov / Math.sqrt(vf * vm) : -1;
            return new double[] {ncc, overlap};
        }

        private double[] sums(double[][] map, int from, int to) {
            double n = 0;
            double sf = 0;
            double sm = 0;
            double sff = 0;
            double smm = 0;
            double sfm = 0;
            double[] r0 = map[0];
            double[] r1 = map[1];
            double[] r2 = map[2];
            for (int s = from; s < to; s++) {
                double a = sa[s];
                double b = sb[s];
                double c = sc[s];
                double x = r0[0] * a + r0[1] * b + r0[2] * c + r0[3];
                double y = r1[0] * a + r1[1] * b + r1[2] * c + r1[3];
                double z = r2[0] * a + r2[1] * b + r2[2] * c + r2[3];
                if (x < 0 || y < 0 || z < 0 || x > nx - 1 || y > ny - 1 || z > nz - 1) {
                    continue;
                }
                double mv = trilinear(x, y, z);
                double fv = fixedValues[s];
                n++;
                sf += fv;
                sm += mv;
                sff += fv * fv;
                smm += mv * mv;
                sfm += fv * mv;
            }
            return new double[] {n, sf, sm, sff, smm, sfm};
        }

        private double trilinear(double x, double y, double z) {
            int x0 = Math.min(nx - 2, (int) x);
            int y0 = Math.min(ny - 2, (int) y);
            int z0 = Math.min(nz - 2, (int) z);
            if (nx < 2 || ny < 2 || nz < 2) {
                return moving[(Math.round((float) z) * ny + Math.round((float) y)) * nx + Math.round((float) x)];
            }
            double fx = x - x0;
            double fy = y - y0;
            double fz = z - z0;
            int p = (z0 * ny + y0) * nx + x0;
            int dz = nx * ny;
            double c00 = moving[p] + fx * (moving[p + 1] - moving[p]);
            double c10 = moving[p + nx] + fx * (moving[p + nx + 1] - moving[p + nx]);
            double c01 = moving[p + dz] + fx * (moving[p + dz + 1] - moving[p + dz]);
            double c11 = moving[p + dz + nx] + fx * (moving[p + dz + nx + 1] - moving[p + dz + nx]);
            double c0 = c00 + fy * (c10 - c00);
            double c1 = c01 + fy * (c11 - c01);
            return c0 + fz * (c1 - c0);
        }
    }

    /** Grid coordinates to patient mm, 3 x 4: the volume's affine after the grid's scaling. */
    static double[][] gridToPatient(Volume v, IsotropicGrid g) {
        double[][] a = v.geometry().affine();
        double[] s = g.toVoxel(1, 1, 1);
        double[][] out = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[r][c] = a[r][c] * s[c];
            }
            out[r][3] = a[r][3];
        }
        return out;
    }

    /** @return a x b for 3 x 4 affine matrices (an implied last row 0 0 0 1) */
    static double[][] compose(double[][] a, double[][] b) {
        double[][] out = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                out[r][c] = a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c] + (c == 3 ? a[r][3] : 0);
            }
        }
        return out;
    }

    /** @return the inverse of a 3 x 4 affine matrix */
    static double[][] invert(double[][] m) {
        double a = m[0][0];
        double b = m[0][1];
        double c = m[0][2];
        double d = m[1][0];
        double e = m[1][1];
        double f = m[1][2];
        double g = m[2][0];
        double h = m[2][1];
        double i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("the volume's affine is singular");
        }
        double[][] r = {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det, 0},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det, 0},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det, 0},
        };
        for (int row = 0; row < 3; row++) {
            r[row][3] = -(r[row][0] * m[0][3] + r[row][1] * m[1][3] + r[row][2] * m[2][3]);
        }
        return r;
    }
}
