package org.dicomcnn.samples.codec;

import java.io.IOException;

/** Compresses one frame of unsigned grayscale samples, losslessly. */
public interface FrameEncoder {

    /**
     * @param samples columns x rows unsigned values (read as {@code s & 0xffff}), row by row
     * @param columns Columns
     * @param rows Rows
     * @param bitsStored Bits Stored; every sample must fit
     * @return the fragment, padded to an even length (PS3.5 A.4)
     * @throws IOException if the encoder fails
     */
    byte[] encode(short[] samples, int columns, int rows, int bitsStored) throws IOException;

    /**
     * Checks the arguments every encoder shares.
     *
     * @throws IllegalArgumentException if the sizes disagree or a sample does not fit
     */
    static void check(short[] samples, int columns, int rows, int bitsStored) {
        if (columns <= 0 || rows <= 0 || (long) columns * rows != samples.length) {
            throw new IllegalArgumentException(samples.length + " samples for a " + columns + " x " + rows + " frame");
        }
        if (bitsStored < 2 || bitsStored > 16) {
            throw new IllegalArgumentException("bits stored must be 2..16, got " + bitsStored);
        }
        int max = (1 << bitsStored) - 1;
        for (int i = 0; i < samples.length; i++) {
            if ((samples[i] & 0xffff) > max) {
                throw new IllegalArgumentException("sample " + i + " = " + (samples[i] & 0xffff) + " exceeds "
                        + bitsStored + " bits");
            }
        }
    }

    /** @return {@code b} with one zero byte appended if its length is odd */
    static byte[] padToEven(byte[] b) {
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }
}
