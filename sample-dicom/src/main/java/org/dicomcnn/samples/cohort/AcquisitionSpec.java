package org.dicomcnn.samples.cohort;

/**
 * A protocol as asked for; the planner turns it into an {@link Acquisition} that covers the
 * lungs of the patient as positioned in the study.
 *
 * @param matrix Rows = Columns
 * @param sliceThicknessMm Slice Thickness
 * @param sliceSpacingMm distance between slice centres
 * @param slices number of slices, or 0 to cover the lungs with a margin
 * @param fieldOfViewMm reconstruction diameter, or 0 to fit the body
 */
public record AcquisitionSpec(int matrix, double sliceThicknessMm, double sliceSpacingMm, int slices,
        double fieldOfViewMm) {

    /** Validates. */
    public AcquisitionSpec {
        if (matrix < 16 || matrix > Acquisition.MAX_MATRIX) {
            throw new IllegalArgumentException("matrix must be 16.." + Acquisition.MAX_MATRIX + ", got " + matrix);
        }
        if (!(sliceThicknessMm > 0 && sliceThicknessMm <= 10 && sliceSpacingMm > 0 && sliceSpacingMm <= 10)) {
            throw new IllegalArgumentException("slice thickness and spacing must be in (0, 10] mm, got "
                    + sliceThicknessMm + " and " + sliceSpacingMm);
        }
        if (slices < 0 || fieldOfViewMm < 0) {
            throw new IllegalArgumentException("slices and field of view must be >= 0 (0 = automatic)");
        }
    }
}
