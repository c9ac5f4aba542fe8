package org.dicomcnn.preprocess;

/**
 * Where the pixels of a network input lie in a volume's slice: an affine map from input pixel
 * (u, v) to voxel column and row (i, j), {@code i = iu*u + iv*v + i0}, {@code j = ju*u + jv*v + j0},
 * plus how many voxels one input pixel spans (for anti-aliasing). Heatmaps computed on the
 * input grid are mapped back to voxels with {@link #toVoxel(double, double)}; training composes
 * augmentation (flip, rotation, shift) into the same map.
 *
 * @param iu di/du
 * @param iv di/dv
 * @param i0 i at u = v = 0
 * @param ju dj/du
 * @param jv dj/dv
 * @param j0 j at u = v = 0
 * @param footprint voxels covered by one input pixel along each axis (at least 1)
 */
public record SlicePlane(double iu, double iv, double i0, double ju, double jv, double j0, double footprint) {

    /** Requires an invertible map. */
    public SlicePlane {
        if (Math.abs(iu * jv - iv * ju) < 1e-12) {
            throw new IllegalArgumentException("the input-to-voxel map is singular");
        }
        footprint = Math.max(1, footprint);
    }

    /**
     * The plane that samples a square input of {@code size} pixels centred on the middle of a
     * {@code columns} x {@code rows} slice, each input pixel {@code pixelSpacingMm} wide, or
     * covering the whole field of view when {@code pixelSpacingMm} is 0.
     *
     * @param columns voxels per row
     * @param rows rows
     * @param columnSpacingMm distance between columns
     * @param rowSpacingMm distance between rows
     * @param size input size in pixels
     * @param pixelSpacingMm input pixel size, mm; 0 to fit the field of view
     * @return the plane
     */
    public static SlicePlane centred(int columns, int rows, double columnSpacingMm, double rowSpacingMm, int size,
            double pixelSpacingMm) {
        double stepI;
        double stepJ;
        if (pixelSpacingMm > 0) {
            stepI = pixelSpacingMm / columnSpacingMm;
            stepJ = pixelSpacingMm / rowSpacingMm;
        } else {
            double fov = Math.max(columns * columnSpacingMm, rows * rowSpacingMm);
            stepI = fov / size / columnSpacingMm;
            stepJ = fov / size / rowSpacingMm;
        }
        // Pixel centres: input pixel u covers [u, u+1); its centre u + 0.5 maps to the voxel grid
        // so that the input's centre lies on the slice's centre.
        double ci = (columns - 1) / 2.0;
        double cj = (rows - 1) / 2.0;
        return new SlicePlane(stepI, 0, ci - stepI * (size - 1) / 2.0, 0, stepJ, cj - stepJ * (size - 1) / 2.0,
                Math.max(stepI, stepJ));
    }

    /** Voxel (column, row) of input pixel (u, v). */
    public double[] toVoxel(double u, double v) {
        return new double[] {iu * u + iv * v + i0, ju * u + jv * v + j0};
    }

    /** Input pixel (u, v) of voxel (column i, row j), the inverse of {@link #toVoxel}. */
    public double[] toInput(double i, double j) {
        double det = iu * jv - iv * ju;
        double di = i - i0;
        double dj = j - j0;
        return new double[] {(jv * di - iv * dj) / det, (-ju * di + iu * dj) / det};
    }

    /**
     * This plane with an in-plane rotation, scaling, shift and optional horizontal flip applied
     * around the input's centre; training uses it for augmentation.
     *
     * @param size input size in pixels
     * @param radians rotation
     * @param scale zoom factor (above 1 zooms in)
     * @param shiftU shift along u, input pixels
     * @param shiftV shift along v, input pixels
     * @param flipU mirror along u
     * @return the augmented plane
     */
    public SlicePlane augmented(int size, double radians, double scale, double shiftU, double shiftV, boolean flipU) {
        double c = (size - 1) / 2.0;
        // Input pixel (u, v) of the augmented view samples (u', v') of this plane:
        // u' = c + (R (u - c, v - c) / scale) * flip + shift.
        double cos = Math.cos(radians) / scale;
        double sin = Math.sin(radians) / scale;
        double f = flipU ? -1 : 1;
        double a = f * cos;
        double b = -sin;
        double d = f * sin;
        double e = cos;
        double tu = c + shiftU - a * c - b * c;
        double tv = c + shiftV - d * c - e * c;
        // compose: voxel = this(u', v') with (u', v') = (a u + b v + tu, d u + e v + tv)
        return new SlicePlane(iu * a + iv * d, iu * b + iv * e, iu * tu + iv * tv + i0,
                ju * a + jv * d, ju * b + jv * e, ju * tu + jv * tv + j0, footprint / scale);
    }
}
