package org.dicomcnn.samples.geometry;

import java.util.Objects;

/**
 * A rigid transform p' = R p + t (millimetres). A study's transform maps the canonical body
 * frame of its patient to that study's DICOM patient frame; because the canonical origin is the
 * body centre, R rotates the patient about that centre and t moves the centre.
 *
 * @param rotation R
 * @param translationMm t
 */
public record RigidTransform(Rotation rotation, Vec3 translationMm) {

    /** The identity. */
    public static final RigidTransform IDENTITY = new RigidTransform(Rotation.IDENTITY, Vec3.ZERO);

    /** Requires both parts. */
    public RigidTransform {
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(translationMm, "translationMm");
    }

    /** @return R p + t */
    public Vec3 apply(Vec3 p) {
        return rotation.apply(p).plus(translationMm);
    }

    /** @return R v, for directions */
    public Vec3 applyToDirection(Vec3 v) {
        return rotation.apply(v);
    }

    /** @return the inverse transform, p = R<sup>T</sup>(p' - t) */
    public RigidTransform inverse() {
        Rotation rt = rotation.transpose();
        return new RigidTransform(rt, rt.apply(translationMm).times(-1));
    }

    /** @return the transform that applies {@code first}, then this */
    public RigidTransform after(RigidTransform first) {
        return new RigidTransform(rotation.times(first.rotation), apply(first.translationMm));
    }
}
