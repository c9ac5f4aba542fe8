package org.dicomcnn.samples.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HuffmanTableTest {

    @Test
    void skewedFrequenciesStillGiveCodesOfAtMostSixteenBits() {
        long[] freq = new long[17];
        long a = 1;
        long b = 1;
        for (int i = 0; i < freq.length; i++) {
            freq[i] = a; // Fibonacci frequencies force a degenerate tree without the length limit
            long c = a + b;
            a = b;
            b = c;
        }
        HuffmanTable t = HuffmanTable.optimal(freq, 16);
        double kraft = 0;
        for (int s = 0; s < freq.length; s++) {
            int len = t.length(s);
            assertTrue(len >= 1 && len <= 16, "symbol " + s + " length " + len);
            kraft += Math.pow(2, -len);
        }
        assertTrue(kraft < 1, "the all-ones code must stay unused; Kraft sum " + kraft);
    }

    @Test
    void codesArePrefixFreeAndFrequentSymbolsAreShorter() {
        long[] freq = {1000, 500, 250, 100, 50, 10, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        HuffmanTable t = HuffmanTable.optimal(freq, 16);
        assertTrue(t.length(0) <= t.length(7));
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                if (i != j && t.length(i) <= t.length(j)) {
                    int prefix = t.code(j) >>> (t.length(j) - t.length(i));
                    assertTrue(prefix != t.code(i), "code of " + i + " prefixes code of " + j);
                }
            }
        }
        assertEquals(8, t.symbols().length);
    }
}
