package org.dicomcnn.dicom.codec.jpeg;

import org.dicomcnn.dicom.codec.CodecException;

/**
 * One Huffman decoding table built from a DHT segment (ITU-T T.81 B.2.4.2), immutable once built.
 *
 * <p>Codes are generated as in Annex C (Figures C.1 to C.3). Decoding uses two structures:
 * a lookahead table indexed by the next {@value #LOOKAHEAD_BITS} bits of the stream, which
 * resolves every code of up to that many bits in one array access, and the MAXCODE / VALPTR /
 * MINCODE tables of F.2.2.3 (Figure F.15) for the rare longer codes.
 */
final class HuffmanTable {

    /** Bits resolved by one lookahead access; 9 covers nearly all symbols of real images. */
    static final int LOOKAHEAD_BITS = 9;

    /** The longest code length T.81 allows. */
    static final int MAX_CODE_LENGTH = 16;

    /**
     * Indexed by the next {@value #LOOKAHEAD_BITS} bits: (code length &lt;&lt; 8) | symbol, or 0
     * when the code is longer than the lookahead.
     */
    final int[] lookahead = new int[1 << LOOKAHEAD_BITS];

    /** MAXCODE[l] of F.2.2.3: the largest code of length l, or -1 when there is none. */
    final int[] maxCode = new int[MAX_CODE_LENGTH + 1];

    /** VALPTR[l] - MINCODE[l]: add a code of length l to get its index in {@link #symbols}. */
    final int[] symbolOffset = new int[MAX_CODE_LENGTH + 1];

    /** HUFFVAL, the symbols in order of increasing code length. */
    final int[] symbols;

    /** "DC0" .. "AC3", for messages. */
    final String name;

    /**
     * Builds the table.
     *
     * @param name "DC0" .. "AC3", for messages
     * @param counts BITS: counts[l] codes of length l, for l = 1..16 (counts[0] is ignored)
     * @param symbols HUFFVAL, as many as the counts add up to
     * @throws CodecException if the counts describe more codes of some length than fit (the
     *     code generation of C.2 would overflow)
     */
    HuffmanTable(String name, int[] counts, int[] symbols) throws CodecException {
        this.name = name;
        this.symbols = symbols.clone();
        int code = 0;
        int index = 0;
        for (int length = 1; length <= MAX_CODE_LENGTH; length++) {
            int n = counts[length];
            if (n == 0) {
                maxCode[length] = -1;
            } else {
                // Figure C.2: codes of one length are consecutive; all-ones codes are reserved,
                // so the last code of each length must stay below 2^length.
                if (code + n > (1 << length)) {
                    throw new CodecException("Huffman table " + name + " declares " + n
                            + " codes of length " + length + ", more than the "
                            + ((1 << length) - code) + " still free at that length");
                }
                symbolOffset[length] = index - code;
                if (length <= LOOKAHEAD_BITS) {
                    int shift = LOOKAHEAD_BITS - length;
                    for (int i = 0; i < n; i++) {
                        int entry = (length << 8) | this.symbols[index + i];
                        int first = (code + i) << shift;
                        for (int j = 0; j < (1 << shift); j++) {
                            lookahead[first + j] = entry;
                        }
                    }
                }
                code += n;
                index += n;
                maxCode[length] = code - 1;
            }
            code <<= 1;
        }
    }

    /**
     * Decodes the symbol of a code longer than the lookahead (F.2.2.3, Figure F.16).
     *
     * @param next16 the next 16 bits of the stream, first bit most significant
     * @return (code length &lt;&lt; 8) | symbol, or 0 when no code matches
     */
    int decodeLong(int next16) {
        for (int length = LOOKAHEAD_BITS + 1; length <= MAX_CODE_LENGTH; length++) {
            int code = next16 >>> (MAX_CODE_LENGTH - length);
            if (code <= maxCode[length]) {
                int index = code + symbolOffset[length];
                // Canonical codes guarantee the index is in range; the check keeps a table
                // bug from ever surfacing as an ArrayIndexOutOfBoundsException.
                return index >= 0 && index < symbols.length ? (length << 8) | symbols[index] : 0;
            }
        }
        return 0;
    }
}
