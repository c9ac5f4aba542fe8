package org.dicomcnn.samples.phantom;

import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Vec3;

/** An axis-aligned box (exact signed distance); the patient table is built from two of them. */
public final class Cuboid implements Shape {

    private final Vec3 centre;
    private final Vec3 half;

    /**
     * @param centre centre, mm
     * @param half half sizes along x, y, z, mm (positive)
     */
    public Cuboid(Vec3 centre, Vec3 half) {
        if (!(half.x() > 0 && half.y() > 0 && half.z() > 0)) {
            throw new IllegalArgumentException("cuboid half sizes must be positive, got " + half);
        }
        this.centre = centre;
        this.half = half;
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        double qx = Math.abs(x - centre.x()) - half.x();
        double qy = Math.abs(y - centre.y()) - half.y();
        double qz = Math.abs(z - centre.z()) - half.z();
        double ox = Math.max(qx, 0);
        double oy = Math.max(qy, 0);
        double oz = Math.max(qz, 0);
        return Math.sqrt(ox * ox + oy * oy + oz * oz) + Math.min(Math.max(qx, Math.max(qy, qz)), 0);
    }

    @Override
    public Box bounds() {
        return Box.around(centre, half);
    }

    @Override
    public Shape transformed(RigidTransform t) {
        return new Placed(this, t);
    }
}
