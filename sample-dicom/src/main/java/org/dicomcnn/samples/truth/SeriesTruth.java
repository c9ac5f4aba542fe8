package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * One series of a study and how it was acquired.
 *
 * @param seriesInstanceUid Series Instance UID
 * @param seriesNumber Series Number
 * @param folder folder of its files, relative to the study folder
 * @param description Series Description
 * @param convolutionKernel Convolution Kernel
 * @param transferSyntaxUid transfer syntax of its files
 * @param rows Rows
 * @param columns Columns
 * @param pixelSpacingMm Pixel Spacing (row spacing, column spacing)
 * @param fieldOfViewMm Reconstruction Diameter
 * @param reconstructionCentreMm x, y of the image centre in the patient frame
 * @param sliceThicknessMm Slice Thickness
 * @param sliceSpacingMm distance between adjacent slice centres
 * @param numberOfSlices number of files
 * @param firstImagePositionMm Image Position (Patient) of instance 1 (the most superior slice)
 * @param lastImagePositionMm Image Position (Patient) of the last instance
 * @param noiseSigmaHu standard deviation of the added noise, HU
 * @param partialVolumePlanesPerSlice thin planes averaged into each slice
 */
@JsonPropertyOrder({"seriesInstanceUid", "seriesNumber", "folder", "description", "convolutionKernel",
    "transferSyntaxUid", "rows", "columns", "pixelSpacingMm", "fieldOfViewMm", "reconstructionCentreMm",
    "sliceThicknessMm", "sliceSpacingMm", "numberOfSlices", "firstImagePositionMm", "lastImagePositionMm",
    "noiseSigmaHu", "partialVolumePlanesPerSlice"})
public record SeriesTruth(String seriesInstanceUid, int seriesNumber, String folder, String description,
        String convolutionKernel, String transferSyntaxUid, int rows, int columns, double[] pixelSpacingMm,
        double fieldOfViewMm, double[] reconstructionCentreMm, double sliceThicknessMm, double sliceSpacingMm,
        int numberOfSlices, double[] firstImagePositionMm, double[] lastImagePositionMm, double noiseSigmaHu,
        int partialVolumePlanesPerSlice) {

    /** Requires identity and copies arrays. */
    public SeriesTruth {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(folder, "folder");
        pixelSpacingMm = pixelSpacingMm.clone();
        reconstructionCentreMm = reconstructionCentreMm.clone();
        firstImagePositionMm = firstImagePositionMm.clone();
        lastImagePositionMm = lastImagePositionMm.clone();
    }

    @Override
    public double[] pixelSpacingMm() {
        return pixelSpacingMm.clone();
    }

    @Override
    public double[] reconstructionCentreMm() {
        return reconstructionCentreMm.clone();
    }

    @Override
    public double[] firstImagePositionMm() {
        return firstImagePositionMm.clone();
    }

    @Override
    public double[] lastImagePositionMm() {
        return lastImagePositionMm.clone();
    }
}
