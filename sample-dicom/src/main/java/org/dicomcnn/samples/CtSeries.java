package org.dicomcnn.samples;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * Everything a CT series needs to be written, except the voxels.
 *
 * @param patient patient identity (synthetic)
 * @param study study identity
 * @param seriesInstanceUid Series Instance UID
 * @param seriesNumber Series Number
 * @param seriesDescription Series Description
 * @param frameOfReferenceUid Frame of Reference UID
 * @param convolutionKernel Convolution Kernel, e.g. "STANDARD"
 * @param columns Columns
 * @param rows Rows
 * @param rowSpacingMm distance between rows (Pixel Spacing first value)
 * @param columnSpacingMm distance between columns (Pixel Spacing second value)
 * @param sliceThicknessMm Slice Thickness
 * @param orientation Image Orientation (Patient): row cosines then column cosines
 * @param slicePositionsMm Image Position (Patient) of each slice, in instance order
 * @param rescaleIntercept Rescale Intercept (stored value 0 means this many HU)
 * @param windows window presets written into every image
 */
public record CtSeries(
        Patient patient,
        Study study,
        String seriesInstanceUid,
        int seriesNumber,
        String seriesDescription,
        String frameOfReferenceUid,
        String convolutionKernel,
        int columns,
        int rows,
        double rowSpacingMm,
        double columnSpacingMm,
        double sliceThicknessMm,
        double[] orientation,
        List<double[]> slicePositionsMm,
        double rescaleIntercept,
        List<Window> windows) {

    /** Validates sizes and copies arrays. */
    public CtSeries {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        if (columns <= 0 || rows <= 0 || slicePositionsMm.isEmpty()) {
            throw new IllegalArgumentException("a series needs a positive matrix and at least one slice");
        }
        if (orientation.length != 6) {
            throw new IllegalArgumentException("orientation needs 6 values");
        }
        orientation = orientation.clone();
        slicePositionsMm = slicePositionsMm.stream().map(double[]::clone).toList();
        windows = List.copyOf(windows);
    }

    /**
     * A synthetic patient.
     *
     * @param id Patient ID
     * @param name Patient's Name, DICOM PN form ("FAMILY^GIVEN")
     * @param birthDate Patient's Birth Date
     * @param sex Patient's Sex: "M", "F" or "O"
     */
    public record Patient(String id, String name, LocalDate birthDate, String sex) {}

    /**
     * A study.
     *
     * @param studyInstanceUid Study Instance UID
     * @param studyId Study ID (short)
     * @param accessionNumber Accession Number
     * @param date Study Date
     * @param time Study Time
     * @param description Study Description
     */
    public record Study(String studyInstanceUid, String studyId, String accessionNumber, LocalDate date, LocalTime time,
            String description) {}

    /**
     * A window preset.
     *
     * @param centre Window Center, HU
     * @param width Window Width, HU
     * @param explanation Window Center &amp; Width Explanation
     */
    public record Window(double centre, double width, String explanation) {}

    /** Lung and mediastinal windows, the two every chest CT carries. */
    public static final List<Window> CHEST_WINDOWS = List.of(
            new Window(-600, 1500, "LUNG"), new Window(40, 400, "MEDIASTINUM"));
}
