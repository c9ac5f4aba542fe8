package org.dicomcnn.samples.phantom;

import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * An ellipsoid with arbitrary orientation. The signed distance is the usual first-order
 * approximation k0 (k0 - 1) / k1 with k0 = |q / r| and k1 = |q / r<sup>2</sup>|, exact on the
 * surface and for spheres.
 */
public final class Ellipsoid implements Shape {

    private final Vec3 centre;
    private final Rotation axes;
    private final Vec3 radii;
    private final double[] inv; // R^T row-major, to map into the local frame
    private final double ia;
    private final double ib;
    private final double ic;
    private final double minRadius;

    /**
     * @param centre centre, mm
     * @param axes columns are the ellipsoid's local axes
     * @param radii semi-axes along those local axes, mm (all positive)
     */
    public Ellipsoid(Vec3 centre, Rotation axes, Vec3 radii) {
        this.centre = Objects.requireNonNull(centre, "centre");
        this.axes = Objects.requireNonNull(axes, "axes");
        this.radii = Objects.requireNonNull(radii, "radii");
        if (!(radii.x() > 0 && radii.y() > 0 && radii.z() > 0)) {
            throw new IllegalArgumentException("ellipsoid radii must be positive, got " + radii);
        }
        Rotation t = axes.transpose();
        inv = new double[9];
        for (int i = 0; i < 9; i++) {
            inv[i] = t.get(i / 3, i % 3);
        }
        ia = 1 / radii.x();
        ib = 1 / radii.y();
        ic = 1 / radii.z();
        minRadius = Math.min(radii.x(), Math.min(radii.y(), radii.z()));
    }

    /** A sphere. */
    public static Ellipsoid sphere(Vec3 centre, double radius) {
        return new Ellipsoid(centre, Rotation.IDENTITY, new Vec3(radius, radius, radius));
    }

    /** An axis-aligned ellipsoid. */
    public static Ellipsoid aligned(Vec3 centre, Vec3 radii) {
        return new Ellipsoid(centre, Rotation.IDENTITY, radii);
    }

    /** @return the centre */
    public Vec3 centre() {
        return centre;
    }

    /** @return the local axes as columns */
    public Rotation axes() {
        return axes;
    }

    /** @return the semi-axes, mm */
    public Vec3 radii() {
        return radii;
    }

    /** @return the volume in mm<sup>3</sup> */
    public double volumeMm3() {
        return 4.0 / 3.0 * Math.PI * radii.x() * radii.y() * radii.z();
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        double px = x - centre.x();
        double py = y - centre.y();
        double pz = z - centre.z();
        double qx = (inv[0] * px + inv[1] * py + inv[2] * pz) * ia;
        double qy = (inv[3] * px + inv[4] * py + inv[5] * pz) * ib;
        double qz = (inv[6] * px + inv[7] * py + inv[8] * pz) * ic;
        double k0 = Math.sqrt(qx * qx + qy * qy + qz * qz);
        double rx = qx * ia;
        double ry = qy * ib;
        double rz = qz * ic;
        double k1 = Math.sqrt(rx * rx + ry * ry + rz * rz);
        if (k1 == 0) {
            return -minRadius;
        }
        return k0 * (k0 - 1) / k1;
    }

    @Override
    public Box bounds() {
        // Half-extent along world axis i: sqrt(sum_j (R_ij r_j)^2), exact for a rotated ellipsoid.
        double[] h = new double[3];
        double[] r = radii.toArray();
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                double v = axes.get(i, j) * r[j];
                s += v * v;
            }
            h[i] = Math.sqrt(s);
        }
        return Box.around(centre, new Vec3(h[0], h[1], h[2]));
    }

    @Override
    public Ellipsoid transformed(RigidTransform t) {
        return new Ellipsoid(t.apply(centre), t.rotation().times(axes), radii);
    }
}
