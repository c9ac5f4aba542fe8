package org.dicomcnn.dicom.codec;

/**
 * What the DICOM header says one frame holds; a decoder checks the compressed stream against it.
 *
 * @param rows Rows (0028,0010)
 * @param columns Columns (0028,0011)
 * @param samplesPerPixel Samples per Pixel (0028,0002): 1 or 3
 * @param bitsAllocated Bits Allocated (0028,0100): 8, 16 or 32
 * @param bitsStored Bits Stored (0028,0101)
 * @param signed Pixel Representation (0028,0103) is 1
 * @param photometric Photometric Interpretation (0028,0004), e.g. "MONOCHROME2", "YBR_FULL_422"
 */
public record FrameFormat(
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        boolean signed,
        String photometric) {

    /** Validates the ranges DICOM allows. */
    public FrameFormat {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + rows + " x " + columns);
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new IllegalArgumentException("Samples per Pixel must be 1 or 3, not " + samplesPerPixel);
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new IllegalArgumentException("Bits Allocated must be 8, 16 or 32, not " + bitsAllocated);
        }
        if (bitsStored <= 0 || bitsStored > bitsAllocated) {
            throw new IllegalArgumentException(
                    "Bits Stored " + bitsStored + " outside 1.." + bitsAllocated);
        }
    }

    /** Samples in one frame (rows x columns x samples per pixel). */
    public long sampleCount() {
        return (long) rows * columns * samplesPerPixel;
    }

    /** Bytes of one frame in native form (sample count x bytes per sample). */
    public long frameBytes() {
        return sampleCount() * (bitsAllocated / 8);
    }
}
