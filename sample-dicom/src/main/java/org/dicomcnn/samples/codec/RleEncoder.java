package org.dicomcnn.samples.codec;

import java.io.ByteArrayOutputStream;

/**
 * DICOM RLE Lossless (PS3.5 Annex G) for 16-bit samples: a 64-byte header (number of segments
 * and their offsets, little endian), then two PackBits segments, the most significant bytes of
 * every sample first, then the least significant. Each row is encoded separately (G.3.1), and
 * each segment is padded to an even length (G.5).
 */
public final class RleEncoder implements FrameEncoder {

    private static final int HEADER_BYTES = 64;
    private static final int MAX_RUN = 128;

    @Override
    public byte[] encode(short[] samples, int columns, int rows, int bitsStored) {
        FrameEncoder.check(samples, columns, rows, bitsStored);
        byte[] high = segment(samples, columns, rows, 8);
        byte[] low = segment(samples, columns, rows, 0);
        byte[] out = new byte[HEADER_BYTES + high.length + low.length];
        putInt(out, 0, 2);
        putInt(out, 4, HEADER_BYTES);
        putInt(out, 8, HEADER_BYTES + high.length);
        System.arraycopy(high, 0, out, HEADER_BYTES, high.length);
        System.arraycopy(low, 0, out, HEADER_BYTES + high.length, low.length);
        return out;
    }

    private static byte[] segment(short[] samples, int columns, int rows, int shift) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.length / 2);
        byte[] row = new byte[columns];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                row[i] = (byte) ((samples[j * columns + i] & 0xffff) >>> shift);
            }
            packBits(row, out);
        }
        if (out.size() % 2 != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /**
     * PackBits (G.3.1): a replicate run of n = 2..128 equal bytes is written as 1 - n then the
     * byte; other bytes go in literal runs of n = 1..128, written as n - 1 then the bytes.
     * Runs of two equal bytes inside a literal are kept literal (cheaper).
     */
    static void packBits(byte[] in, ByteArrayOutputStream out) {
        int n = in.length;
        int i = 0;
        while (i < n) {
            int run = 1;
            while (i + run < n && run < MAX_RUN && in[i + run] == in[i]) {
                run++;
            }
            if (run >= 3 || (run == 2 && i + run == n)) {
                out.write(1 - run);
                out.write(in[i]);
                i += run;
                continue;
            }
            int start = i;
            int len = 0;
            while (i < n && len < MAX_RUN) {
                if (i + 2 < n && in[i] == in[i + 1] && in[i] == in[i + 2]) {
                    break;
                }
                i++;
                len++;
            }
            out.write(len - 1);
            out.write(in, start, len);
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
