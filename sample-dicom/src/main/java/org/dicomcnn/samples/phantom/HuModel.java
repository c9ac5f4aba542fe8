package org.dicomcnn.samples.phantom;

import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Vec3;

/** The attenuation (HU) a layer paints at a point of the study's patient frame. */
public interface HuModel {

    /**
     * @param x mm, study patient frame
     * @param y mm
     * @param z mm
     * @return HU
     */
    double huAt(double x, double y, double z);

    /**
     * @param canonicalToStudy the study's repositioning
     * @return this model for a patient placed by that transform
     */
    HuModel placed(RigidTransform canonicalToStudy);

    /**
     * @param hu the value
     * @return a uniform material
     */
    static HuModel constant(double hu) {
        return new Constant(hu);
    }

    /**
     * A uniform material.
     *
     * @param hu HU
     */
    record Constant(double hu) implements HuModel {

        @Override
        public double huAt(double x, double y, double z) {
            return hu;
        }

        @Override
        public HuModel placed(RigidTransform canonicalToStudy) {
            return this;
        }
    }

    /**
     * Gravity-dependent density of a supine patient's lungs: denser towards the back (+y in the
     * scanner frame, whatever the patient's rotation), linear within a range.
     *
     * @param centreHu HU at the reference point's height
     * @param huPerMm change per mm towards posterior
     * @param reference a point (canonical before placement, study frame after)
     * @param halfRangeMm the gradient is clamped beyond this distance from the reference
     */
    record GravityGradient(double centreHu, double huPerMm, Vec3 reference, double halfRangeMm) implements HuModel {

        @Override
        public double huAt(double x, double y, double z) {
            double dy = Math.max(-halfRangeMm, Math.min(halfRangeMm, y - reference.y()));
            return centreHu + huPerMm * dy;
        }

        @Override
        public HuModel placed(RigidTransform canonicalToStudy) {
            return new GravityGradient(centreHu, huPerMm, canonicalToStudy.apply(reference), halfRangeMm);
        }
    }
}
