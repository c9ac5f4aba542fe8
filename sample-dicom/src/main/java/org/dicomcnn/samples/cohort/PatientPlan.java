package org.dicomcnn.samples.cohort;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.lesion.EffusionTrack;
import org.dicomcnn.samples.lesion.NoduleTrack;
import org.dicomcnn.samples.phantom.BodyHabitus;

/**
 * Everything that defines one synthetic patient: identity (synthetic), build, the key of its
 * random anatomy, studies and lesion tracks. Generating from the same plan gives the same bytes.
 *
 * @param key folder name
 * @param uidKey prefix of every UID key of this patient (includes preset and seed)
 * @param patientId Patient ID
 * @param patientName Patient's Name
 * @param sex Patient's Sex
 * @param birthDate Patient's Birth Date
 * @param scenario what the patient demonstrates, in words
 * @param habitus build and tissue values
 * @param anatomyKey key of the anatomy's random stream
 * @param treePoints territory points per vessel tree
 * @param studies studies in date order
 * @param nodules nodule tracks
 * @param effusions effusion tracks
 */
public record PatientPlan(String key, String uidKey, String patientId, String patientName, String sex,
        LocalDate birthDate, String scenario, BodyHabitus habitus, String anatomyKey, int treePoints,
        List<StudyPlan> studies, List<NoduleTrack> nodules, List<EffusionTrack> effusions) {

    /** Validates and copies. */
    public PatientPlan {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uidKey, "uidKey");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(patientName, "patientName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(habitus, "habitus");
        Objects.requireNonNull(anatomyKey, "anatomyKey");
        studies = List.copyOf(studies);
        nodules = List.copyOf(nodules);
        effusions = List.copyOf(effusions);
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("patient " + key + " has no study");
        }
        for (int i = 0; i < studies.size(); i++) {
            if (studies.get(i).index() != i) {
                throw new IllegalArgumentException("study " + i + " of " + key + " has index " + studies.get(i).index());
            }
            if (i > 0 && !studies.get(i).date().isAfter(studies.get(i - 1).date())) {
                throw new IllegalArgumentException("studies of " + key + " are not in date order");
            }
        }
        if (!key.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("patient key '" + key + "' must be lower-case letters, digits, '-'");
        }
    }

    /** @return a copy with other lesions */
    public PatientPlan withLesions(List<NoduleTrack> newNodules, List<EffusionTrack> newEffusions) {
        return new PatientPlan(key, uidKey, patientId, patientName, sex, birthDate, scenario, habitus, anatomyKey,
                treePoints, studies, newNodules, newEffusions);
    }

    /**
     * @param study a study index
     * @param eulerDegrees the patient's rotation in that study (R = Rz Ry Rx), degrees
     * @param translationMm where the body centre lies in that study
     * @return a copy in which the patient lay so in that study ({@link StudyPlan#withRepositioning})
     */
    public PatientPlan withRepositioning(int study, double[] eulerDegrees, Vec3 translationMm) {
        List<StudyPlan> moved = new ArrayList<>(studies);
        moved.set(study, studies.get(study).withRepositioning(eulerDegrees, translationMm));
        return new PatientPlan(key, uidKey, patientId, patientName, sex, birthDate, scenario, habitus, anatomyKey,
                treePoints, moved, nodules, effusions);
    }

    /** @return a copy with another scenario text */
    public PatientPlan withScenario(String text) {
        return new PatientPlan(key, uidKey, patientId, patientName, sex, birthDate, text, habitus, anatomyKey,
                treePoints, studies, nodules, effusions);
    }
}
