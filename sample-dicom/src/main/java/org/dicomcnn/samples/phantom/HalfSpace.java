package org.dicomcnn.samples.phantom;

import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * The half-space n . p &gt;= h, for cutting other shapes (a lung's side of the midline, a fluid
 * level). Unbounded.
 */
public final class HalfSpace implements Shape {

    private final Vec3 normal;
    private final double offsetMm;

    /**
     * @param normal the direction pointing into the region (made unit length)
     * @param offsetMm h
     */
    public HalfSpace(Vec3 normal, double offsetMm) {
        this.normal = normal.unit();
        this.offsetMm = offsetMm;
    }

    /** @return the unit normal pointing into the region */
    public Vec3 normal() {
        return normal;
    }

    /** @return h */
    public double offsetMm() {
        return offsetMm;
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        return offsetMm - (normal.x() * x + normal.y() * y + normal.z() * z);
    }

    @Override
    public Box bounds() {
        return Box.EVERYWHERE;
    }

    @Override
    public HalfSpace transformed(RigidTransform t) {
        Vec3 n = t.applyToDirection(normal);
        return new HalfSpace(n, offsetMm + n.dot(t.translationMm()));
    }
}
