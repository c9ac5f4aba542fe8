package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The ground truth of one generated study: the file {@code ground-truth.json} in the study's
 * folder. For evaluation only: inference code must never read it.
 *
 * @param schema always {@value #SCHEMA}
 * @param schemaVersion {@value #SCHEMA_VERSION}; bumped on incompatible changes
 * @param note a reminder of what the data is
 * @param generator what made it
 * @param patientKey the patient's folder name
 * @param patientId Patient ID (synthetic)
 * @param scenario what this patient demonstrates, in words
 * @param studyIndex 0 for the first (baseline) study
 * @param studyKey the study's folder name
 * @param studyInstanceUid Study Instance UID
 * @param studyDate Study Date, ISO yyyy-mm-dd
 * @param studyTime Study Time, HH:mm:ss
 * @param daysSinceBaseline days since the patient's first study
 * @param frameOfReferenceUid Frame of Reference UID shared by the study's series
 * @param canonicalToPatient the study's repositioning
 * @param series the study's series
 * @param lesions every lesion present now or in the previous study
 */
@JsonPropertyOrder({"schema", "schemaVersion", "note", "generator", "patientKey", "patientId", "scenario",
    "studyIndex", "studyKey", "studyInstanceUid", "studyDate", "studyTime", "daysSinceBaseline",
    "frameOfReferenceUid", "canonicalToPatient", "series", "lesions"})
public record StudyTruth(String schema, int schemaVersion, String note, GeneratorInfo generator, String patientKey,
        String patientId, String scenario, int studyIndex, String studyKey, String studyInstanceUid, String studyDate,
        String studyTime, int daysSinceBaseline, String frameOfReferenceUid, TransformTruth canonicalToPatient,
        List<SeriesTruth> series, List<LesionTruth> lesions) {

    /** The schema name. */
    public static final String SCHEMA = "dicomcnn-phantom-ground-truth";

    /** The schema version. */
    public static final int SCHEMA_VERSION = 1;

    /** The file name beside each study. */
    public static final String FILE_NAME = "ground-truth.json";

    /** The text of {@link #note()}. */
    public static final String NOTE = "Synthetic phantom, not patient data and not for clinical use. "
            + "Ground truth for evaluation; inference code must not read this file.";

    /** Requires identity and copies lists. */
    public StudyTruth {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(canonicalToPatient, "canonicalToPatient");
        series = List.copyOf(series);
        lesions = List.copyOf(lesions);
    }

    /**
     * @param id a lesion id
     * @return that lesion in this study
     * @throws IllegalArgumentException if it is not listed
     */
    public LesionTruth lesion(String id) {
        return lesions.stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no lesion " + id + " in study " + studyKey));
    }
}
