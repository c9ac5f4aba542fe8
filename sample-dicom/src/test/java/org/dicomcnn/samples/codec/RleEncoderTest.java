package org.dicomcnn.samples.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RleEncoderTest {

    /** PackBits as PS3.5 G.3.2 describes the decoder. */
    private static byte[] unpack(byte[] in, int from, int to, int count) {
        byte[] out = new byte[count];
        int o = 0;
        int i = from;
        while (o < count && i < to) {
            int n = in[i++];
            if (n >= 0) {
                for (int k = 0; k <= n; k++) {
                    out[o++] = in[i++];
                }
            } else if (n != -128) {
                for (int k = 0; k < 1 - n; k++) {
                    out[o++] = in[i];
                }
                i++;
            }
        }
        assertEquals(count, o, "decoded byte count");
        return out;
    }

    private static int intAt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    @ParameterizedTest
    @ValueSource(strings = {"constant", "alternating", "random", "runs", "single"})
    void segmentsDecodeToTheHighAndLowBytes(String pattern) {
        int columns = pattern.equals("single") ? 1 : 300;
        int rows = pattern.equals("single") ? 1 : 7;
        short[] s = new short[columns * rows];
        Random r = new Random(pattern.hashCode());
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) switch (pattern) {
                case "constant" -> 1000;
                case "alternating" -> i % 2 == 0 ? 0 : 4095;
                case "runs" -> (i / 137) % 2 == 0 ? 2000 : r.nextInt(4096);
                default -> r.nextInt(4096);
            };
        }
        byte[] frame = new RleEncoder().encode(s, columns, rows, 12);
        assertEquals(0, frame.length % 2);
        assertEquals(2, intAt(frame, 0));
        assertEquals(64, intAt(frame, 4));
        int second = intAt(frame, 8);
        assertEquals(0, second % 2, "segments start at even offsets");
        byte[] high = unpack(frame, 64, second, s.length);
        byte[] low = unpack(frame, second, frame.length, s.length);
        short[] back = new short[s.length];
        for (int i = 0; i < s.length; i++) {
            back[i] = (short) ((high[i] & 0xff) << 8 | (low[i] & 0xff));
        }
        assertArrayEquals(s, back);
    }

    @Test
    void packBitsNeverCrossesARowAndCompressesRuns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RleEncoder.packBits(new byte[300], out);
        assertTrue(out.size() <= 6, "300 equal bytes take 3 runs of 2 bytes, got " + out.size());
    }

    @Test
    void rejectsSamplesWiderThanBitsStored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RleEncoder().encode(new short[] {4096}, 1, 1, 12));
        assertTrue(e.getMessage().contains("exceeds 12 bits"), e.getMessage());
    }
}
