package org.dicomcnn.imagej;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;

/**
 * The series of a scanned folder as the Open DICOM Series browser lists them: patients, then
 * their studies oldest first, then series by number, numbered from 1. Patients are shown by
 * their number in the listing, not by name or ID, so that the listing can be shown, recorded and
 * logged without identifiers.
 */
final class SeriesListing {

    /**
     * One line of the listing.
     *
     * @param number its number, from 1
     * @param patientNumber the patient's number in the listing, from 1
     * @param patient the patient
     * @param study the study
     * @param series the series
     */
    record Row(int number, int patientNumber, PatientRef patient, StudyRef study, SeriesRef series) {

        /** @return "3: patient 1 | 2022-11-23 | series 1 chest | CT | 80 images" */
        String label() {
            String date = study.studyDate() == null ? "no date" : study.studyDate().toString();
            String desc = series.description().isBlank() ? "" : " " + series.description();
            return String.format(Locale.ROOT, "%d: patient %d | %s | series %d%s | %s | %d images", number,
                    patientNumber, date, series.seriesNumber(), desc, series.modality(), series.imageCount());
        }
    }

    private final List<Row> rows;

    private SeriesListing(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * @param index a scanned folder
     * @return its series in listing order
     */
    static SeriesListing of(DicomIndex index) {
        List<Row> rows = new ArrayList<>();
        int p = 0;
        for (PatientRef patient : index.patients()) {
            p++;
            for (StudyRef study : patient.studies()) {
                for (SeriesRef series : study.series()) {
                    rows.add(new Row(rows.size() + 1, p, patient, study, series));
                }
            }
        }
        return new SeriesListing(rows);
    }

    /** @return the rows */
    List<Row> rows() {
        return rows;
    }

    /**
     * Finds the series a macro named.
     *
     * @param key the macro key, for the message
     * @param value a Series Instance UID of the listing, or a number from 1
     * @return its row
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    Row find(String key, String value) {
        String v = value.trim();
        for (Row r : rows) {
            if (r.series().seriesInstanceUid().equals(v)) {
                return r;
            }
        }
        if (v.matches("\\d{1,9}")) {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= rows.size()) {
                return rows.get(n - 1);
            }
        }
        throw MacroOptions.badValue(key, value, "a Series Instance UID of the folder or a series number from 1 to "
                + rows.size());
    }
}
