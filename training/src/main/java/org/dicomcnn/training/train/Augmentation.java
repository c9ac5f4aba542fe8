package org.dicomcnn.training.train;

/**
 * Random changes applied to each training input, drawn per sample: a horizontal flip, a small
 * rotation, zoom and shift of the sampling plane, an intensity offset and gain (in HU, before
 * windowing) and Gaussian noise. None changes what a slice shows, only how it is seen.
 *
 * @param flip mirror left-right with probability 1/2
 * @param maxRotationDegrees rotation drawn uniformly in +-this
 * @param maxScale zoom drawn uniformly in [1/maxScale, maxScale]
 * @param maxShiftPixels shift drawn uniformly in +-this input pixels, each axis
 * @param maxOffsetHu intensity offset drawn uniformly in +-this
 * @param maxGain gain drawn uniformly in [1/maxGain, maxGain]
 * @param maxNoiseHu standard deviation of added noise drawn uniformly in [0, this]
 */
public record Augmentation(boolean flip, double maxRotationDegrees, double maxScale, double maxShiftPixels,
        double maxOffsetHu, double maxGain, double maxNoiseHu) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, 0, 1, 0, 0, 1, 0);

    /** Flips, +-10 degrees, +-8% zoom, +-8 pixels, +-30 HU, +-8% gain, up to 15 HU of noise. */
    public static final Augmentation DEFAULT = new Augmentation(true, 10, 1.08, 8, 30, 1.08, 15);

    /** Validates ranges. */
    public Augmentation {
        if (maxRotationDegrees < 0 || maxScale < 1 || maxShiftPixels < 0 || maxOffsetHu < 0 || maxGain < 1
                || maxNoiseHu < 0) {
            throw new IllegalArgumentException("augmentation ranges must be non-negative and scales at least 1");
        }
    }

    /**
     * A value drawn uniformly in +-max (0 when max is 0, drawing nothing).
     *
     * @param r the random source
     * @param max the range
     * @return the value
     */
    public static double uniform(java.util.Random r, double max) {
        return max == 0 ? 0 : (2 * r.nextDouble() - 1) * max;
    }
}
