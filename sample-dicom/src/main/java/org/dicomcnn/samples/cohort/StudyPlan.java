package org.dicomcnn.samples.cohort;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * One study of a patient: when, how the patient lay, and its series (all sharing one Frame of
 * Reference).
 *
 * @param index 0 for the baseline
 * @param key folder name, e.g. "study-1"
 * @param date Study Date
 * @param time Study Time
 * @param eulerDegrees patient rotation about x, y, z (R = Rz Ry Rx), degrees
 * @param translationMm where the body centre lies in the study's patient frame
 * @param description Study Description
 * @param series the series, first the primary reconstruction
 */
public record StudyPlan(int index, String key, LocalDate date, LocalTime time, double[] eulerDegrees,
        Vec3 translationMm, String description, List<SeriesPlan> series) {

    /** Validates and copies. */
    public StudyPlan {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(translationMm, "translationMm");
        Objects.requireNonNull(description, "description");
        if (eulerDegrees.length != 3) {
            throw new IllegalArgumentException("three rotation angles needed");
        }
        eulerDegrees = eulerDegrees.clone();
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("study " + key + " has no series");
        }
    }

    @Override
    public double[] eulerDegrees() {
        return eulerDegrees.clone();
    }

    /** @return canonical body frame to this study's patient frame */
    public RigidTransform canonicalToPatient() {
        return canonicalToPatient(eulerDegrees, translationMm);
    }

    /**
     * @param eulerDegrees rotation about x, y, z (R = Rz Ry Rx), degrees
     * @param translationMm where the body centre goes
     * @return the repositioning these values describe
     */
    public static RigidTransform canonicalToPatient(double[] eulerDegrees, Vec3 translationMm) {
        return new RigidTransform(Rotation.fromEulerDegrees(eulerDegrees[0], eulerDegrees[1], eulerDegrees[2]),
                translationMm);
    }

    /**
     * The same study with the patient lying elsewhere: the technologist centres every series on
     * the patient again, so each acquisition moves by the change in the body centre's position.
     *
     * @param newEulerDegrees rotation about x, y, z (R = Rz Ry Rx), degrees
     * @param newTranslationMm where the body centre lies now
     * @return the repositioned study
     */
    public StudyPlan withRepositioning(double[] newEulerDegrees, Vec3 newTranslationMm) {
        Vec3 d = newTranslationMm.minus(translationMm);
        List<SeriesPlan> moved = series.stream().map(s -> {
            Acquisition a = s.acquisition();
            return new SeriesPlan(s.number(), s.folder(), s.description(), s.kernel(),
                    new Acquisition(a.matrix(), a.pixelSpacingMm(), a.centreXMm() + d.x(), a.centreYMm() + d.y(),
                            a.sliceThicknessMm(), a.sliceSpacingMm(), a.numberOfSlices(), a.firstSliceZMm() + d.z()),
                    s.noiseSigmaHu());
        }).toList();
        return new StudyPlan(index, key, date, time, newEulerDegrees, newTranslationMm, description, moved);
    }

    /** @return a copy with other series */
    public StudyPlan withSeries(List<SeriesPlan> newSeries) {
        return new StudyPlan(index, key, date, time, eulerDegrees, translationMm, description, newSeries);
    }
}
