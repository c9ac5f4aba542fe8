package org.dicomcnn.samples.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Jpeg2000EncoderTest {

    @Test
    void writesABareCodestreamWithBitsStoredPrecision() throws Exception {
        short[] s = new short[64 * 48];
        Random r = new Random(1);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) r.nextInt(4096);
        }
        byte[] j2k = new Jpeg2000Encoder().encode(s, 64, 48, 12);
        assertEquals(0, j2k.length % 2);
        // SOC then SIZ (ITU-T T.800 A.5.1), no JP2 signature box.
        assertEquals(0xFF, j2k[0] & 0xff);
        assertEquals(0x4F, j2k[1] & 0xff);
        assertEquals(0xFF, j2k[2] & 0xff);
        assertEquals(0x51, j2k[3] & 0xff);
        int csiz = (j2k[40] & 0xff) << 8 | (j2k[41] & 0xff);
        assertEquals(1, csiz, "one component");
        int ssiz = j2k[42] & 0xff;
        assertEquals(11, ssiz, "unsigned, 12-bit precision (Ssiz = precision - 1)");
        int width = (j2k[8] & 0xff) << 24 | (j2k[9] & 0xff) << 16 | (j2k[10] & 0xff) << 8 | (j2k[11] & 0xff);
        assertEquals(64, width);
    }

    @Test
    void transferSyntaxNamesAreCheckedWithTheChoicesListed() {
        assertEquals(PixelTransferSyntax.JPEG_2000_LOSSLESS, PixelTransferSyntax.fromCliName("JPEG2000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelTransferSyntax.fromCliName("jpeg-ls"));
        assertTrue(e.getMessage().contains("explicit-le, rle, jpeg-lossless, jpeg2000"), e.getMessage());
    }
}
