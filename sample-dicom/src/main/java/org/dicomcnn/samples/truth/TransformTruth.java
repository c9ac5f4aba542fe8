package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * A study's repositioning: patient = rotation x canonical + translation (mm). The canonical
 * frame is the patient's body frame (origin at the body centre, axes of a supine patient
 * aligned with the scanner); the patient frame is the study's DICOM patient coordinate system.
 *
 * @param convention the formula, spelled out for readers of the file
 * @param rotation 3x3 matrix, row by row
 * @param translationMm t
 * @param eulerDegrees the angles it was made from: about x, then y, then z (R = Rz Ry Rx)
 */
@JsonPropertyOrder({"convention", "rotation", "translationMm", "eulerDegrees"})
public record TransformTruth(String convention, double[][] rotation, double[] translationMm, double[] eulerDegrees) {

    /** The text of {@link #convention()}. */
    public static final String CONVENTION = "patientMm = rotation * canonicalMm + translationMm";

    /** Validates sizes and copies. */
    public TransformTruth {
        if (rotation.length != 3 || translationMm.length != 3 || eulerDegrees.length != 3) {
            throw new IllegalArgumentException("a transform needs a 3x3 rotation, 3 translations and 3 angles");
        }
        rotation = new double[][] {rotation[0].clone(), rotation[1].clone(), rotation[2].clone()};
        translationMm = translationMm.clone();
        eulerDegrees = eulerDegrees.clone();
    }

    /**
     * @param t the transform
     * @param eulerDegrees the angles it was made from
     * @return its truth, rounded for the file (rotation 9 decimals, translation 4)
     */
    public static TransformTruth of(RigidTransform t, double[] eulerDegrees) {
        double[][] m = t.rotation().toMatrix();
        for (double[] row : m) {
            for (int j = 0; j < 3; j++) {
                row[j] = Rounding.round(row[j], 9);
            }
        }
        return new TransformTruth(CONVENTION, m, Rounding.round(t.translationMm().toArray(), 4),
                Rounding.round(eulerDegrees, 6));
    }

    /** @return the transform (from the rounded values) */
    public RigidTransform toTransform() {
        return new RigidTransform(Rotation.ofMatrix(rotation), Vec3.of(translationMm));
    }

    @Override
    public double[][] rotation() {
        return new double[][] {rotation[0].clone(), rotation[1].clone(), rotation[2].clone()};
    }

    @Override
    public double[] translationMm() {
        return translationMm.clone();
    }

    @Override
    public double[] eulerDegrees() {
        return eulerDegrees.clone();
    }
}
