package org.dicomcnn.dicom;

import java.util.List;

/**
 * What one frame's header says about its place in space and its values. For single-frame files
 * it comes from the top-level attributes; for enhanced multi-frame files from the per-frame and
 * shared functional groups (PS3.3 C.7.6.16).
 *
 * @param index frame index within the file, from 0
 * @param positionMm Image Position (Patient) (0020,0032): x, y, z of the first voxel's centre, or
 *     null
 * @param orientation Image Orientation (Patient) (0020,0037): row then column direction cosines,
 *     or null
 * @param pixelSpacingMm Pixel Spacing (0028,0030): row spacing then column spacing, or null
 * @param sliceThicknessMm Slice Thickness (0018,0050), or NaN
 * @param rescaleSlope Rescale Slope (0028,1053), 1 when absent
 * @param rescaleIntercept Rescale Intercept (0028,1052), 0 when absent
 * @param windows the VOI windows given for this frame
 * @param temporalIndex Temporal Position Index (0020,9128) or Temporal Position Identifier
 *     (0020,0100), 0 when absent; orders repeated positions
 */
public record FrameInfo(
        int index,
        double[] positionMm,
        double[] orientation,
        double[] pixelSpacingMm,
        double sliceThicknessMm,
        double rescaleSlope,
        double rescaleIntercept,
        List<WindowPreset> windows,
        int temporalIndex) {

    /** Validates array lengths and copies them. */
    public FrameInfo {
        positionMm = copyOfLength(positionMm, 3, "Image Position (Patient)");
        orientation = copyOfLength(orientation, 6, "Image Orientation (Patient)");
        pixelSpacingMm = copyOfLength(pixelSpacingMm, 2, "Pixel Spacing");
        windows = List.copyOf(windows);
    }

    /** Whether this frame has both position and orientation. */
    public boolean hasGeometry() {
        return positionMm != null && orientation != null;
    }

    @Override
    public double[] positionMm() {
        return positionMm == null ? null : positionMm.clone();
    }

    @Override
    public double[] orientation() {
        return orientation == null ? null : orientation.clone();
    }

    @Override
    public double[] pixelSpacingMm() {
        return pixelSpacingMm == null ? null : pixelSpacingMm.clone();
    }

    private static double[] copyOfLength(double[] values, int length, String name) {
        if (values == null) {
            return null;
        }
        if (values.length != length) {
            throw new IllegalArgumentException(name + " needs " + length + " values, not " + values.length);
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds a non-finite value");
            }
        }
        return values.clone();
    }
}
