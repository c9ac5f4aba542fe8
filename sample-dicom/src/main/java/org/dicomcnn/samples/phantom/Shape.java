package org.dicomcnn.samples.phantom;

import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;

/**
 * A solid region given by an (approximate) signed distance in millimetres: negative inside,
 * positive outside, close to the true distance near the surface, which is all the
 * partial-volume ramp needs.
 */
public interface Shape {

    /**
     * @param x point x, mm
     * @param y point y, mm
     * @param z point z, mm
     * @return the signed distance to the surface, mm (negative inside)
     */
    double signedDistance(double x, double y, double z);

    /** @return axis-aligned bounds of the region (possibly unbounded) */
    Box bounds();

    /**
     * Bounds of the part of the region that can matter on the plane at height {@code z}; shapes
     * that are long in z (vessels, ribs) return much less than {@link #bounds()}.
     *
     * @param z the plane, mm
     * @return bounds (empty when the plane misses the shape)
     */
    default Box boundsNearZ(double z) {
        return bounds();
    }

    /**
     * @param t a rigid transform
     * @return this region moved by {@code t}
     */
    Shape transformed(RigidTransform t);

    /**
     * The fraction of a voxel of width {@code widthMm} centred at the point that the region
     * fills: a linear ramp of the signed distance, which is the box-filtered edge of a flat
     * surface (partial-volume effect).
     *
     * @param x point x, mm
     * @param y point y, mm
     * @param z point z, mm
     * @param widthMm the voxel width
     * @return 0..1
     */
    default double coverage(double x, double y, double z, double widthMm) {
        return ramp(signedDistance(x, y, z), widthMm);
    }

    /**
     * @param signedDistance mm
     * @param widthMm ramp width
     * @return clamp(0.5 - d / w, 0, 1)
     */
    static double ramp(double signedDistance, double widthMm) {
        double f = 0.5 - signedDistance / widthMm;
        return f <= 0 ? 0 : f >= 1 ? 1 : f;
    }
}
