package org.dicomcnn.samples.cohort;

import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.samples.phantom.SliceGeometry;

/**
 * Where a series' slices are in its study's patient frame: an axial stack, most superior slice
 * first (as many scanners order a chest), square pixels.
 *
 * @param matrix Rows = Columns
 * @param pixelSpacingMm square pixel size (field of view / matrix)
 * @param centreXMm x of the image centre (reconstruction centre)
 * @param centreYMm y of the image centre
 * @param sliceThicknessMm Slice Thickness
 * @param sliceSpacingMm distance between slice centres
 * @param numberOfSlices number of slices
 * @param firstSliceZMm z of the first (most superior) slice
 */
public record Acquisition(int matrix, double pixelSpacingMm, double centreXMm, double centreYMm,
        double sliceThicknessMm, double sliceSpacingMm, int numberOfSlices, double firstSliceZMm) {

    /** Largest matrix the generator writes (DICOM allows more; memory and time say no). */
    public static final int MAX_MATRIX = 1024;

    /** Validates. */
    public Acquisition {
        if (matrix < 16 || matrix > MAX_MATRIX) {
            throw new IllegalArgumentException("matrix must be 16.." + MAX_MATRIX + ", got " + matrix);
        }
        if (!(pixelSpacingMm > 0 && sliceThicknessMm > 0 && sliceSpacingMm > 0) || numberOfSlices < 1) {
            throw new IllegalArgumentException("acquisition needs positive spacing, thickness and slice count");
        }
    }

    /** @return the reconstruction diameter, mm */
    public double fieldOfViewMm() {
        return matrix * pixelSpacingMm;
    }

    /** @return z of slice k */
    public double sliceZ(int k) {
        return firstSliceZMm - k * sliceSpacingMm;
    }

    /** @return x, y, z of the centre of the first pixel of slice k (Image Position (Patient)) */
    public double[] imagePosition(int k) {
        double half = (matrix - 1) / 2.0 * pixelSpacingMm;
        return new double[] {centreXMm - half, centreYMm - half, sliceZ(k)};
    }

    /** @return Image Position (Patient) of every slice, in instance order */
    public List<double[]> imagePositions() {
        List<double[]> out = new ArrayList<>(numberOfSlices);
        for (int k = 0; k < numberOfSlices; k++) {
            out.add(imagePosition(k));
        }
        return out;
    }

    /** @return the renderer's view of this stack */
    public SliceGeometry geometry() {
        double[] z = new double[numberOfSlices];
        for (int k = 0; k < numberOfSlices; k++) {
            z[k] = sliceZ(k);
        }
        double[] p = imagePosition(0);
        return new SliceGeometry(matrix, matrix, pixelSpacingMm, p[0], p[1], z, sliceThicknessMm);
    }
}
