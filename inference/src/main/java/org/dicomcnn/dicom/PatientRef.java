package org.dicomcnn.dicom;

import java.util.List;
import java.util.Objects;

/**
 * One patient in the index. Name and ID are identifiers: shown to the user on request, never
 * logged or put in exception messages; {@link #toString()} leaves them out.
 *
 * @param patientId Patient ID (0010,0020), or ""
 * @param patientName Patient's Name (0010,0010), or ""
 * @param studies the patient's studies, oldest first
 */
public record PatientRef(String patientId, String patientName, List<StudyRef> studies) {

    /** Copies the study list. */
    public PatientRef {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(patientName, "patientName");
        studies = List.copyOf(studies);
    }

    /** Leaves out name and ID. */
    @Override
    public String toString() {
        return "PatientRef[" + studies.size() + " studies]";
    }
}
