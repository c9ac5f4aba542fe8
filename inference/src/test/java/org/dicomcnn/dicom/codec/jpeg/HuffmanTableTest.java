package org.dicomcnn.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicomcnn.dicom.codec.CodecException;
import org.junit.jupiter.api.Test;

/** Code generation (T.81 Annex C) and the two decoding paths of {@link HuffmanTable}. */
class HuffmanTableTest {

    /** One code of each length 1..15 and two of length 16: 0, 10, 110, ..., 1^15 0 and 1^16. */
    private static HuffmanTable staircase() throws CodecException {
        int[] counts = new int[17];
        int[] symbols = new int[17];
        for (int l = 1; l <= 16; l++) {
            counts[l] = 1;
            symbols[l - 1] = l;
        }
        counts[16] = 2;
        symbols[16] = 99;
        return new HuffmanTable("AC1", counts, symbols);
    }

    @Test
    void resolvesShortCodesFromTheLookaheadTable() throws CodecException {
        HuffmanTable t = staircase();

        // "110" followed by anything: length 3, symbol 3.
        int entry = t.lookahead[0b110_101010];

        assertEquals(3, entry >>> 8);
        assertEquals(3, entry & 0xFF);
        assertEquals(0, t.lookahead[0b111111111], "nine 1-bits start a longer code");
    }

    @Test
    void resolvesCodesLongerThanTheLookahead() throws CodecException {
        HuffmanTable t = staircase();

        int twelve = t.decodeLong(0b1111_1111_1110_0000);
        int lastSixteen = t.decodeLong(0xFFFF);

        assertEquals((12 << 8) | 12, twelve);
        assertEquals((16 << 8) | 99, lastSixteen);
    }

    @Test
    void reportsBitsThatAreNoCode() throws CodecException {
        int[] counts = new int[17];
        counts[2] = 3; // 00, 01, 10; "11..." is no code
        HuffmanTable t = new HuffmanTable("DC0", counts, new int[] {4, 5, 6});

        assertEquals(0, t.lookahead[0b11_0000000]);
        assertEquals(0, t.decodeLong(0xC000));
    }

    @Test
    void rejectsMoreCodesThanALengthHolds() {
        int[] counts = new int[17];
        counts[1] = 2;
        counts[2] = 1; // after "0" and "1" no 2-bit code is left

        CodecException e = assertThrows(CodecException.class,
                () -> new HuffmanTable("DC2", counts, new int[] {1, 2, 3}));

        assertTrue(e.getMessage().contains("Huffman table DC2 declares 1 codes of length 2"),
                e.getMessage());
    }
}
