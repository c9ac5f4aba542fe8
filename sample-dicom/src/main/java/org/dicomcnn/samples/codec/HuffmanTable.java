package org.dicomcnn.samples.codec;

import java.util.Arrays;

/**
 * A JPEG Huffman table (ITU-T T.81 Annex C) built from symbol frequencies by the procedure of
 * Annex K.2 (figures K.1 to K.4): code lengths from a Huffman tree, a reserved all-ones code
 * kept out, lengths limited to 16 bits, symbols sorted by length then value.
 */
final class HuffmanTable {

    private final int[] countByLength; // index 1..16
    private final int[] symbols;
    private final int[] code;
    private final int[] length;

    private HuffmanTable(int[] countByLength, int[] symbols, int symbolRange) {
        this.countByLength = countByLength;
        this.symbols = symbols;
        code = new int[symbolRange];
        length = new int[symbolRange];
        // Annex C.2: canonical codes in order of length.
        int c = 0;
        int k = 0;
        for (int len = 1; len <= 16; len++) {
            for (int i = 0; i < countByLength[len]; i++) {
                code[symbols[k]] = c;
                length[symbols[k]] = len;
                c++;
                k++;
            }
            c <<= 1;
        }
    }

    /**
     * @param freq frequency of each symbol 0..n-1 (zero: symbol not coded)
     * @param maxLength longest code allowed (16 for JPEG)
     * @return the table
     */
    static HuffmanTable optimal(long[] freq, int maxLength) {
        int n = freq.length;
        // One extra pseudo-symbol with frequency 1 reserves the all-ones code (K.2).
        long[] f = Arrays.copyOf(freq, n + 1);
        f[n] = 1;
        int[] codeSize = new int[n + 1];
        int[] others = new int[n + 1];
        Arrays.fill(others, -1);
        while (true) {
            int c1 = -1;
            long v = Long.MAX_VALUE;
            for (int i = 0; i <= n; i++) {
                if (f[i] > 0 && f[i] <= v) {
                    v = f[i];
                    c1 = i;
                }
            }
            int c2 = -1;
            v = Long.MAX_VALUE;
            for (int i = 0; i <= n; i++) {
                if (f[i] > 0 && f[i] <= v && i != c1) {
                    v = f[i];
                    c2 = i;
                }
            }
            if (c2 < 0) {
                break;
            }
            f[c1] += f[c2];
            f[c2] = 0;
            codeSize[c1]++;
            while (others[c1] >= 0) {
                c1 = others[c1];
                codeSize[c1]++;
            }
            others[c1] = c2;
            codeSize[c2]++;
            while (others[c2] >= 0) {
                c2 = others[c2];
                codeSize[c2]++;
            }
        }
        int[] bits = new int[Math.max(33, maxLength + 1) + n];
        for (int i = 0; i <= n; i++) {
            if (codeSize[i] > 0) {
                bits[codeSize[i]]++;
            }
        }
        // Figure K.3: limit code lengths.
        for (int i = bits.length - 1; i > maxLength; i--) {
            while (bits[i] > 0) {
                int j = i - 2;
                while (bits[j] == 0) {
                    j--;
                }
                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }
        // Remove the reserved code from the longest length in use.
        int longest = maxLength;
        while (bits[longest] == 0) {
            longest--;
        }
        bits[longest]--;
        // Figure K.4: symbols sorted by code size, then by value.
        int total = 0;
        int[] symbols = new int[n];
        for (int len = 1; len <= bits.length - 1; len++) {
            for (int s = 0; s < n; s++) {
                if (codeSize[s] == len) {
                    symbols[total++] = s;
                }
            }
        }
        int[] count = new int[17];
        System.arraycopy(bits, 0, count, 0, 17);
        return new HuffmanTable(count, Arrays.copyOf(symbols, total), n);
    }

    /** @return how many codes have this length (1..16) */
    int countOfLength(int len) {
        return countByLength[len];
    }

    /** @return the coded symbols in table order */
    int[] symbols() {
        return symbols.clone();
    }

    /** @return the code of a symbol */
    int code(int symbol) {
        return code[symbol];
    }

    /** @return the code length of a symbol (0 if it has no code) */
    int length(int symbol) {
        if (length[symbol] == 0) {
            throw new IllegalArgumentException("symbol " + symbol + " has no Huffman code");
        }
        return length[symbol];
    }
}
