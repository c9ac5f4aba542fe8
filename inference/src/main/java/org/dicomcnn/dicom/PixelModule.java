package org.dicomcnn.dicom;

import org.dicomcnn.dicom.codec.FrameFormat;

/**
 * The Image Pixel module of one file (PS3.3 C.7.6.3), validated.
 *
 * @param rows Rows (0028,0010)
 * @param columns Columns (0028,0011)
 * @param samplesPerPixel Samples per Pixel (0028,0002): 1 or 3
 * @param photometric Photometric Interpretation (0028,0004)
 * @param bitsAllocated Bits Allocated (0028,0100): 8, 16 or 32
 * @param bitsStored Bits Stored (0028,0101)
 * @param highBit High Bit (0028,0102)
 * @param signed Pixel Representation (0028,0103) is 1 (two's complement)
 * @param planarConfiguration Planar Configuration (0028,0006): 0 interleaved, 1 planar
 * @param numberOfFrames Number of Frames (0028,0008), 1 when absent
 * @param palette the palette of a PALETTE COLOR image, else null
 */
public record PixelModule(
        int rows,
        int columns,
        int samplesPerPixel,
        String photometric,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean signed,
        int planarConfiguration,
        int numberOfFrames,
        PaletteLut palette) {

    /** Whether voxels have one channel (monochrome or palette index) before colour expansion. */
    public boolean isMonochrome() {
        return photometric.startsWith("MONOCHROME");
    }

    /** Channels per voxel after decoding: 1 for monochrome, 3 for RGB, YBR and palette colour. */
    public int outputChannels() {
        return isMonochrome() ? 1 : 3;
    }

    /**
     * The value MONOCHROME1 voxels are reflected about: rescaled minimum plus rescaled maximum of
     * the stored range, so that the darkest stored value becomes the brightest voxel.
     *
     * @param slope the frame's Rescale Slope
     * @param intercept the frame's Rescale Intercept
     * @return the sum to subtract rescaled values from
     */
    public double monochrome1Reflection(double slope, double intercept) {
        double min = signed ? -Math.pow(2, bitsStored - 1) : 0;
        double max = signed ? Math.pow(2, bitsStored - 1) - 1 : Math.pow(2, bitsStored) - 1;
        return (min + max) * slope + 2 * intercept;
    }

    /** The format one frame has for a decoder. */
    public FrameFormat frameFormat() {
        return new FrameFormat(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, signed, photometric);
    }

    /**
     * Bytes one frame occupies in native (uncompressed) encoding; YBR_FULL_422 stores two pixels
     * in four samples (PS3.3 C.7.6.3.1.2).
     */
    public long nativeFrameBytes() {
        long bytesPerSample = bitsAllocated / 8;
        long pixels = (long) rows * columns;
        if ("YBR_FULL_422".equals(photometric)) {
            return pixels * 2 * bytesPerSample;
        }
        return pixels * samplesPerPixel * bytesPerSample;
    }
}
