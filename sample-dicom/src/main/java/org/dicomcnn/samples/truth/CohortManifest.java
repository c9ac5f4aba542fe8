package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The index of a generated data set: {@code cohort.json} at its root.
 *
 * @param schema always {@value #SCHEMA}
 * @param schemaVersion {@value StudyTruth#SCHEMA_VERSION}
 * @param note what the data is
 * @param generator what made it
 * @param command the generator arguments that reproduce it
 * @param patients every patient, in order
 */
@JsonPropertyOrder({"schema", "schemaVersion", "note", "generator", "command", "patients"})
public record CohortManifest(String schema, int schemaVersion, String note, GeneratorInfo generator, String command,
        List<Patient> patients) {

    /** The schema name. */
    public static final String SCHEMA = "dicomcnn-phantom-cohort";

    /** The file name at the root of a data set. */
    public static final String FILE_NAME = "cohort.json";

    /** Copies the list. */
    public CohortManifest {
        Objects.requireNonNull(schema, "schema");
        patients = List.copyOf(patients);
    }

    /**
     * One patient.
     *
     * @param key folder name
     * @param patientId Patient ID
     * @param scenario what the patient demonstrates
     * @param studies the studies, in date order
     */
    @JsonPropertyOrder({"key", "patientId", "scenario", "studies"})
    public record Patient(String key, String patientId, String scenario, List<Study> studies) {

        /** Copies the list. */
        public Patient {
            studies = List.copyOf(studies);
        }
    }

    /**
     * One study.
     *
     * @param key folder name under the patient's folder
     * @param studyDate ISO date
     * @param studyInstanceUid Study Instance UID
     * @param groundTruth path of its ground truth, relative to the data set root
     * @param seriesFolders the series folders, relative to the data set root
     */
    @JsonPropertyOrder({"key", "studyDate", "studyInstanceUid", "groundTruth", "seriesFolders"})
    public record Study(String key, String studyDate, String studyInstanceUid, String groundTruth,
            List<String> seriesFolders) {

        /** Copies the list. */
        public Study {
            seriesFolders = List.copyOf(seriesFolders);
        }
    }
}
