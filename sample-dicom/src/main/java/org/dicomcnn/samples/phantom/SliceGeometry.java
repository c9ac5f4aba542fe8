package org.dicomcnn.samples.phantom;

/**
 * Where a series' voxels are, in its study's patient frame: an axial grid (rows along +y,
 * columns along +x, as Image Orientation (Patient) 1\0\0\0\1\0 says) at a list of heights.
 *
 * @param columns Columns
 * @param rows Rows
 * @param pixelSpacingMm square pixel size
 * @param firstPixelX x of the centre of the first pixel (Image Position (Patient) x)
 * @param firstPixelY y of the centre of the first pixel
 * @param sliceZ z of each slice, in instance order
 * @param sliceThicknessMm nominal reconstructed slice thickness
 */
public record SliceGeometry(int columns, int rows, double pixelSpacingMm, double firstPixelX, double firstPixelY,
        double[] sliceZ, double sliceThicknessMm) {

    /** Validates and copies. */
    public SliceGeometry {
        if (columns <= 0 || rows <= 0 || !(pixelSpacingMm > 0) || !(sliceThicknessMm > 0) || sliceZ.length == 0) {
            throw new IllegalArgumentException("a slice grid needs a positive size, spacing, thickness and >= 1 slice");
        }
        sliceZ = sliceZ.clone();
    }

    /** @return a copy of the slice heights */
    @Override
    public double[] sliceZ() {
        return sliceZ.clone();
    }

    /** @return number of slices */
    public int slices() {
        return sliceZ.length;
    }

    /** @return z of slice k */
    public double z(int k) {
        return sliceZ[k];
    }

    /** @return x of column i's centre */
    public double x(int i) {
        return firstPixelX + i * pixelSpacingMm;
    }

    /** @return y of row j's centre */
    public double y(int j) {
        return firstPixelY + j * pixelSpacingMm;
    }
}
