package org.dicomcnn.samples.codec;

import java.io.ByteArrayOutputStream;

/**
 * JPEG Lossless, non-hierarchical, first-order prediction: process 14, selection value 1
 * (ITU-T T.81 Annex H; the DICOM default lossless JPEG, 1.2.840.10008.1.2.4.70). One
 * grayscale component, sample precision = Bits Stored, point transform 0, predictor Ra (the
 * left neighbour; the first row uses Ra, the first column Rb, the first sample 2<sup>P-1</sup>,
 * H.1.2.1). The Huffman table is built per frame from the difference categories' frequencies
 * (T.81 Annex K.2, limited to 16-bit codes), so it always fits the data.
 */
public final class JpegLosslessEncoder implements FrameEncoder {

    private static final int SOI = 0xFFD8;
    private static final int SOF3 = 0xFFC3;
    private static final int DHT = 0xFFC4;
    private static final int SOS = 0xFFDA;
    private static final int EOI = 0xFFD9;
    private static final int PREDICTOR_RA = 1;
    private static final int CATEGORIES = 17; // SSSS 0..16 (H.1.2.2, Table H.2)
    private static final int MAX_CODE_LENGTH = 16;

    @Override
    public byte[] encode(short[] samples, int columns, int rows, int bitsStored) {
        FrameEncoder.check(samples, columns, rows, bitsStored);
        if (rows > 0xFFFF || columns > 0xFFFF) {
            throw new IllegalArgumentException("JPEG frames are at most 65535 x 65535");
        }
        int[] diffs = differences(samples, columns, rows, bitsStored);
        long[] freq = new long[CATEGORIES];
        for (int d : diffs) {
            freq[category(d)]++;
        }
        HuffmanTable table = HuffmanTable.optimal(freq, MAX_CODE_LENGTH);

        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.length);
        marker(out, SOI);
        marker(out, SOF3);
        word(out, 11);
        out.write(bitsStored);
        word(out, rows);
        word(out, columns);
        out.write(1); // one component
        out.write(1); // component id
        out.write(0x11); // 1x1 sampling
        out.write(0); // no quantisation table in lossless mode
        marker(out, DHT);
        word(out, 2 + 1 + 16 + table.symbols().length);
        out.write(0x00); // DC/lossless class 0, table 0
        for (int len = 1; len <= 16; len++) {
            out.write(table.countOfLength(len));
        }
        for (int s : table.symbols()) {
            out.write(s);
        }
        marker(out, SOS);
        word(out, 8);
        out.write(1); // one component in the scan
        out.write(1); // component id
        out.write(0x00); // table 0
        out.write(PREDICTOR_RA); // Ss: predictor
        out.write(0); // Se
        out.write(0); // Ah/Al: point transform 0
        BitWriter bits = new BitWriter(out);
        for (int d : diffs) {
            int ssss = category(d);
            bits.write(table.code(ssss), table.length(ssss));
            if (ssss > 0 && ssss < 16) {
                int extra = d > 0 ? d : d - 1;
                bits.write(extra & ((1 << ssss) - 1), ssss);
            }
        }
        bits.flush();
        marker(out, EOI);
        return FrameEncoder.padToEven(out.toByteArray());
    }

    /** Prediction differences modulo 2<sup>16</sup>, as signed values (H.1.2.1, H.2.2). */
    private static int[] differences(short[] s, int columns, int rows, int precision) {
        int[] d = new int[s.length];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                int at = j * columns + i;
                int x = s[at] & 0xffff;
                int prediction;
                if (i == 0 && j == 0) {
                    prediction = 1 << (precision - 1);
                } else if (j == 0) {
                    prediction = s[at - 1] & 0xffff;
                } else if (i == 0) {
                    prediction = s[at - columns] & 0xffff;
                } else {
                    prediction = s[at - 1] & 0xffff;
                }
                int diff = (x - prediction) & 0xffff;
                d[at] = diff >= 0x8000 ? diff - 0x10000 : diff;
            }
        }
        return d;
    }

    /** SSSS: the number of bits of |d| (16 for -32768). */
    static int category(int d) {
        int a = Math.abs(d);
        return a == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(a);
    }

    private static void marker(ByteArrayOutputStream out, int m) {
        word(out, m);
    }

    private static void word(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v & 0xff);
    }

    /** Entropy-coded segment writer: MSB first, 0xFF followed by a stuffed 0x00, 1-bit padding. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out;
        private long buffer;
        private int count;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int length) {
            buffer = (buffer << length) | (value & ((1L << length) - 1));
            count += length;
            while (count >= 8) {
                int b = (int) (buffer >>> (count - 8)) & 0xff;
                emit(b);
                count -= 8;
            }
        }

        void flush() {
            if (count > 0) {
                int pad = 8 - count;
                write((1 << pad) - 1, pad);
            }
        }

        private void emit(int b) {
            out.write(b);
            if (b == 0xff) {
                out.write(0);
            }
        }
    }
}
