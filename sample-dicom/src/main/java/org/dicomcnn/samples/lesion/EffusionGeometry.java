package org.dicomcnn.samples.lesion;

import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.phantom.HalfSpace;
import org.dicomcnn.samples.phantom.Intersection;
import org.dicomcnn.samples.phantom.Shape;

/**
 * Where fluid of a given volume lies in one pleural space. The fluid is the part of the lung
 * region beyond a level plane perpendicular to gravity (posterior in the scanner for a supine
 * patient, so a study's rotation tilts the level in the body frame). The lung is sampled once on
 * a {@value #GRID_MM} mm grid with partial-volume weights; the level for a volume is found by
 * bisection on the sampled volume, and the same samples give the fluid's centroid and extent.
 */
public final class EffusionGeometry {

    /** Sampling grid of the lung, mm. */
    public static final double GRID_MM = 1.25;

    private static final int BISECTION_STEPS = 50;

    private final Shape lung;
    private final float[] xs;
    private final float[] ys;
    private final float[] zs;
    private final float[] fs;

    /**
     * @param lung the lung region, canonical frame
     * @param bounds its extent
     */
    public EffusionGeometry(Shape lung, Box bounds) {
        this.lung = Objects.requireNonNull(lung, "lung");
        double s = GRID_MM;
        int nx = (int) Math.ceil((bounds.maxX() - bounds.minX()) / s);
        int ny = (int) Math.ceil((bounds.maxY() - bounds.minY()) / s);
        int nz = (int) Math.ceil((bounds.maxZ() - bounds.minZ()) / s);
        FloatList x = new FloatList();
        FloatList y = new FloatList();
        FloatList z = new FloatList();
        FloatList f = new FloatList();
        for (int k = 0; k < nz; k++) {
            double pz = bounds.minZ() + (k + 0.5) * s;
            for (int j = 0; j < ny; j++) {
                double py = bounds.minY() + (j + 0.5) * s;
                for (int i = 0; i < nx; i++) {
                    double px = bounds.minX() + (i + 0.5) * s;
                    double c = Shape.ramp(lung.signedDistance(px, py, pz), s);
                    if (c > 0) {
                        x.add(px);
                        y.add(py);
                        z.add(pz);
                        f.add(c);
                    }
                }
            }
        }
        xs = x.toArray();
        ys = y.toArray();
        zs = z.toArray();
        fs = f.toArray();
    }

    /** @return the sampled lung volume, ml */
    public double lungVolumeMl() {
        double v = 0;
        for (float f : fs) {
            v += f;
        }
        return v * GRID_MM * GRID_MM * GRID_MM / 1000;
    }

    /**
     * The fluid of one study.
     *
     * @param level the fluid surface: fluid where gravity . p &gt;= offset
     * @param volumeMl the fluid volume
     * @param region the fluid region, canonical frame
     */
    public record Fluid(HalfSpace level, double volumeMl, Shape region) {}

    /**
     * @param gravity direction of gravity in the canonical frame (for a supine patient, the
     *     study's rotation applied inversely to +y)
     * @param volumeMl the fluid volume wanted, ml (positive, less than the lung's)
     * @return the fluid
     */
    public Fluid fluidOf(Vec3 gravity, double volumeMl) {
        Vec3 g = gravity.unit();
        if (!(volumeMl > 0 && volumeMl < 0.9 * lungVolumeMl())) {
            throw new IllegalArgumentException("effusion volume " + volumeMl + " ml does not fit a lung of "
                    + Math.round(lungVolumeMl()) + " ml");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < fs.length; i++) {
            double p = g.x() * xs[i] + g.y() * ys[i] + g.z() * zs[i];
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
        }
        lo -= GRID_MM;
        hi += GRID_MM;
        for (int step = 0; step < BISECTION_STEPS; step++) {
            double mid = (lo + hi) / 2;
            if (volumeMl(g, mid) > volumeMl) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double h = (lo + hi) / 2;
        HalfSpace level = new HalfSpace(g, h);
        return new Fluid(level, volumeMl(g, h), Intersection.of(lung, level));
    }

    private double volumeMl(Vec3 g, double h) {
        double v = 0;
        for (int i = 0; i < fs.length; i++) {
            double d = h - (g.x() * xs[i] + g.y() * ys[i] + g.z() * zs[i]);
            v += Math.min(fs[i], Shape.ramp(d, GRID_MM));
        }
        return v * GRID_MM * GRID_MM * GRID_MM / 1000;
    }

    /**
     * Centroid and extent of a fluid, measured on the samples.
     *
     * @param centroidMm centre of mass, in the frame asked for
     * @param bounds the box of samples at least half filled, in the frame asked for
     */
    public record Measurement(Vec3 centroidMm, Box bounds) {}

    /**
     * @param fluid a fluid from {@link #fluidOf(Vec3, double)}
     * @param canonicalToStudy maps the samples into the frame to measure in
     * @return centroid and extent in that frame
     */
    public Measurement measure(Fluid fluid, RigidTransform canonicalToStudy) {
        Vec3 g = fluid.level().normal();
        double h = fluid.level().offsetMm();
        double w = 0;
        double cx = 0;
        double cy = 0;
        double cz = 0;
        Box box = new Box(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < fs.length; i++) {
            double d = h - (g.x() * xs[i] + g.y() * ys[i] + g.z() * zs[i]);
            double f = Math.min(fs[i], Shape.ramp(d, GRID_MM));
            if (f <= 0) {
                continue;
            }
            Vec3 p = canonicalToStudy.apply(new Vec3(xs[i], ys[i], zs[i]));
            w += f;
            cx += f * p.x();
            cy += f * p.y();
            cz += f * p.z();
            if (f >= 0.5) {
                box = box.union(new Box(p.x(), p.y(), p.z(), p.x(), p.y(), p.z()));
            }
        }
        if (w == 0) {
            throw new IllegalStateException("empty fluid region");
        }
        return new Measurement(new Vec3(cx / w, cy / w, cz / w), box.grow(GRID_MM / 2));
    }

    /** A growable float array, to keep a million samples compact. */
    private static final class FloatList {
        private float[] a = new float[1 << 16];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = (float) v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
