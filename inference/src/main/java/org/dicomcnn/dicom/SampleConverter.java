package org.dicomcnn.dicom;

import java.nio.ByteBuffer;

/**
 * Turns native pixel samples into float voxel values, one code path for native and decoded
 * compressed frames: extracts Bits Stored from Bits Allocated at High Bit, sign-extends signed
 * samples, applies Rescale Slope/Intercept (PS3.3 C.11.1.1.2), inverts MONOCHROME1 so that
 * larger values are always brighter, and expands colour (RGB, YBR_FULL, YBR_FULL_422, PALETTE
 * COLOR) to interleaved RGB.
 */
final class SampleConverter {

    private SampleConverter() {}

    /**
     * Converts one frame.
     *
     * @param src the frame's samples, positioned at its first byte, in its own byte order
     * @param pm the pixel module
     * @param photometric the photometric interpretation of {@code src} (after any codec
     *     conversion)
     * @param planar 1 when {@code src} is colour-by-plane (only possible for native data)
     * @param frame the frame's rescale
     * @param dst rows x columns x {@link PixelModule#outputChannels()} values
     */
    static void convert(ByteBuffer src, PixelModule pm, String photometric, int planar, FrameInfo frame, float[] dst) {
        int pixels = pm.rows() * pm.columns();
        switch (photometric) {
            case "MONOCHROME1", "MONOCHROME2" -> monochrome(src, pm, photometric, frame, pixels, dst);
            case "PALETTE COLOR" -> palette(src, pm, pixels, dst);
            case "YBR_FULL_422" -> ybr422(src, pm, pixels, dst);
            default -> colour(src, pm, "YBR_FULL".equals(photometric), planar, pixels, dst);
        }
    }

    private static void monochrome(ByteBuffer src, PixelModule pm, String photometric, FrameInfo frame,
            int pixels, float[] dst) {
        int shift = pm.highBit() + 1 - pm.bitsStored();
        int bits = pm.bitsStored();
        boolean signed = pm.signed();
        double slope = frame.rescaleSlope();
        double intercept = frame.rescaleIntercept();
        int base = src.position();
        switch (pm.bitsAllocated()) {
            case 8 -> {
                for (int i = 0; i < pixels; i++) {
                    dst[i] = (float) (stored(src.get(base + i) & 0xFF, shift, bits, signed) * slope + intercept);
                }
            }
            case 16 -> {
                if (shift == 0 && bits == 16 && signed) { // the most common CT layout: plain int16
                    for (int i = 0; i < pixels; i++) {
                        dst[i] = (float) (src.getShort(base + 2 * i) * slope + intercept);
                    }
                } else {
                    for (int i = 0; i < pixels; i++) {
                        dst[i] = (float) (stored(src.getShort(base + 2 * i) & 0xFFFF, shift, bits, signed) * slope
                                + intercept);
                    }
                }
            }
            default -> {
                for (int i = 0; i < pixels; i++) {
                    int raw = src.getInt(base + 4 * i);
                    double v = bits == 32 && shift == 0
                            ? (signed ? raw : Integer.toUnsignedLong(raw))
                            : stored(raw, shift, bits, signed);
                    dst[i] = (float) (v * slope + intercept);
                }
            }
        }
        if ("MONOCHROME1".equals(photometric)) {
            // Reflect about the middle of the rescaled range so that the minimum maps to the maximum.
            float sum = (float) pm.monochrome1Reflection(slope, intercept);
            for (int i = 0; i < pixels; i++) {
                dst[i] = sum - dst[i];
            }
        }
    }

    /** The stored value: bits [shift, shift+bits) of the raw sample, sign-extended when signed. */
    private static int stored(int raw, int shift, int bits, boolean signed) {
        int v = raw >>> shift;
        if (bits < 32) {
            v &= (1 << bits) - 1;
            if (signed) {
                v = (v << (32 - bits)) >> (32 - bits);
            }
        }
        return v;
    }

    private static int sample(ByteBuffer src, int base, int index, PixelModule pm) {
        int shift = pm.highBit() + 1 - pm.bitsStored();
        return switch (pm.bitsAllocated()) {
            case 8 -> stored(src.get(base + index) & 0xFF, shift, pm.bitsStored(), false);
            case 16 -> stored(src.getShort(base + 2 * index) & 0xFFFF, shift, pm.bitsStored(), false);
            default -> stored(src.getInt(base + 4 * index), shift, pm.bitsStored(), false);
        };
    }

    private static void colour(ByteBuffer src, PixelModule pm, boolean ybr, int planar, int pixels, float[] dst) {
        int base = src.position();
        double half = Math.pow(2, pm.bitsStored() - 1);
        double max = 2 * half - 1;
        for (int i = 0; i < pixels; i++) {
            int i0 = planar == 1 ? i : 3 * i;
            int step = planar == 1 ? pixels : 1;
            double a = sample(src, base, i0, pm);
            double b = sample(src, base, i0 + step, pm);
            double c = sample(src, base, i0 + 2 * step, pm);
            if (ybr) {
                storeYbr(a, b, c, half, max, dst, 3 * i);
            } else {
                dst[3 * i] = (float) a;
                dst[3 * i + 1] = (float) b;
                dst[3 * i + 2] = (float) c;
            }
        }
    }

    /** YBR_FULL_422 native layout: Y1 Y2 Cb Cr for each horizontal pair of pixels. */
    private static void ybr422(ByteBuffer src, PixelModule pm, int pixels, float[] dst) {
        int base = src.position();
        double half = Math.pow(2, pm.bitsStored() - 1);
        double max = 2 * half - 1;
        for (int p = 0; p < pixels; p += 2) {
            int s = 2 * p;
            double y1 = sample(src, base, s, pm);
            double y2 = sample(src, base, s + 1, pm);
            double cb = sample(src, base, s + 2, pm);
            double cr = sample(src, base, s + 3, pm);
            storeYbr(y1, cb, cr, half, max, dst, 3 * p);
            if (p + 1 < pixels) {
                storeYbr(y2, cb, cr, half, max, dst, 3 * (p + 1));
            }
        }
    }

    /** Full-range YCbCr to RGB, PS3.3 C.7.6.3.1.2 (ITU-R BT.601 coefficients). */
    private static void storeYbr(double y, double cb, double cr, double half, double max, float[] dst, int o) {
        dst[o] = (float) clamp(y + 1.402 * (cr - half), max);
        dst[o + 1] = (float) clamp(y - 0.344136 * (cb - half) - 0.714136 * (cr - half), max);
        dst[o + 2] = (float) clamp(y + 1.772 * (cb - half), max);
    }

    private static double clamp(double v, double max) {
        return Math.round(Math.max(0, Math.min(max, v)));
    }

    private static void palette(ByteBuffer src, PixelModule pm, int pixels, float[] dst) {
        int base = src.position();
        PaletteLut lut = pm.palette();
        for (int i = 0; i < pixels; i++) {
            int index = lut.index(sample(src, base, i, pm));
            dst[3 * i] = lut.red()[index];
            dst[3 * i + 1] = lut.green()[index];
            dst[3 * i + 2] = lut.blue()[index];
        }
    }
}
