package org.dicomcnn.samples.phantom;

import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * An upright elliptic cylinder (axis along z) with a flat bottom and either a flat top or a
 * half-ellipsoid dome on top: the body outline, the thoracic cavity with its apices, the
 * mediastinum, vertebral bodies. Defined in its own frame; move it with
 * {@link #transformed(RigidTransform)}.
 */
public final class DomedCylinder implements Shape {

    private final double cx;
    private final double cy;
    private final double a;
    private final double b;
    private final double zBottom;
    private final double zDomeBase;
    private final double domeHeight;

    /**
     * @param cx centre x, mm
     * @param cy centre y, mm
     * @param a semi-axis along x, mm
     * @param b semi-axis along y, mm
     * @param zBottom flat bottom, mm
     * @param zDomeBase where the cylinder ends and the dome (or flat top) begins, mm
     * @param domeHeight height of the dome above {@code zDomeBase}, 0 for a flat top
     */
    public DomedCylinder(double cx, double cy, double a, double b, double zBottom, double zDomeBase,
            double domeHeight) {
        if (!(a > 0 && b > 0 && domeHeight >= 0 && zDomeBase > zBottom)) {
            throw new IllegalArgumentException("bad cylinder: a=" + a + " b=" + b + " z " + zBottom + ".." + zDomeBase
                    + " dome " + domeHeight);
        }
        this.cx = cx;
        this.cy = cy;
        this.a = a;
        this.b = b;
        this.zBottom = zBottom;
        this.zDomeBase = zDomeBase;
        this.domeHeight = domeHeight;
    }

    /** A flat-topped elliptic cylinder from {@code zBottom} to {@code zTop}. */
    public static DomedCylinder flat(double cx, double cy, double a, double b, double zBottom, double zTop) {
        return new DomedCylinder(cx, cy, a, b, zBottom, zTop, 0);
    }

    /** @return the highest z of the shape */
    public double top() {
        return zDomeBase + domeHeight;
    }

    /**
     * @param z height, mm
     * @return the semi-axis along x of the cross-section at z (0 outside)
     */
    public double semiAxisXAt(double z) {
        return a * scaleAt(z);
    }

    /**
     * @param z height, mm
     * @return the semi-axis along y of the cross-section at z (0 outside)
     */
    public double semiAxisYAt(double z) {
        return b * scaleAt(z);
    }

    /** @return centre of the cross-section, mm */
    public Vec3 axisPoint(double z) {
        return new Vec3(cx, cy, z);
    }

    private double scaleAt(double z) {
        if (z < zBottom || z > top()) {
            return 0;
        }
        if (z <= zDomeBase || domeHeight == 0) {
            return 1;
        }
        double u = (z - zDomeBase) / domeHeight;
        return Math.sqrt(Math.max(0, 1 - u * u));
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        double px = (x - cx) / a;
        double py = (y - cy) / b;
        double below = zBottom - z;
        if (z > zDomeBase && domeHeight > 0) {
            double pz = (z - zDomeBase) / domeHeight;
            double k0 = Math.sqrt(px * px + py * py + pz * pz);
            double rx = px / a;
            double ry = py / b;
            double rz = pz / domeHeight;
            double k1 = Math.sqrt(rx * rx + ry * ry + rz * rz);
            double d = k1 == 0 ? -Math.min(a, Math.min(b, domeHeight)) : k0 * (k0 - 1) / k1;
            return Math.max(d, below);
        }
        double k0 = Math.sqrt(px * px + py * py);
        double rx = px / a;
        double ry = py / b;
        double k1 = Math.sqrt(rx * rx + ry * ry);
        double d = k1 == 0 ? -Math.min(a, b) : k0 * (k0 - 1) / k1;
        double above = domeHeight > 0 ? Double.NEGATIVE_INFINITY : z - zDomeBase;
        return Math.max(d, Math.max(below, above));
    }

    @Override
    public Box bounds() {
        return new Box(cx - a, cy - b, zBottom, cx + a, cy + b, top());
    }

    @Override
    public Shape transformed(RigidTransform t) {
        return new Placed(this, t);
    }
}
