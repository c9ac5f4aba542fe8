package org.dicomcnn.dicom.codec.jpeg;

/**
 * Dequantization and the 8x8 inverse DCT of ITU-T T.81 A.3.3 followed by the level shift of
 * A.3.1, in scaled integer arithmetic.
 *
 * <p>The algorithm is the separable Loeffler-Ligtenberg-Moschytz factorisation (12
 * multiplications and 32 additions per 1-D transform) with 13-bit fixed-point constants, the
 * one the IJG library calls "islow" and DCMTK uses by default. Intermediate values keep
 * {@code PASS1_BITS} extra fraction bits between the column and the row pass: 2 for 8-bit
 * samples and 1 for 12-bit samples, which keeps 12-bit intermediates inside the range IJG
 * analysed. Using the same arithmetic as the reference decoders makes results agree with them
 * to the last bit in practice, and the method meets the accuracy requirements of T.81 Annex A.
 *
 * <p>Instances hold a work array and are used by one thread.
 */
final class InverseDct {

    private static final int CONST_BITS = 13;
    // FIX(x) = round(x * 2^13) of the constants sqrt(2) * (combinations of cos(k*pi/16)).
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    private final int pass1Bits;
    private final int levelShift;
    private final int maxSample;
    private final int[] workspace = new int[64];

    /**
     * @param precision sample precision P, 8 or 12
     */
    InverseDct(int precision) {
        this.pass1Bits = precision <= 8 ? 2 : 1;
        this.levelShift = 1 << (precision - 1);
        this.maxSample = (1 << precision) - 1;
    }

    /**
     * Transforms one block and stores the level-shifted, clamped samples.
     *
     * @param coefficients 64 quantized coefficients in natural (row-major) order
     * @param quantization the 64 quantization values in natural order
     * @param out the component plane
     * @param offset index in {@code out} of the block's top-left sample
     * @param stride samples per line of {@code out}
     */
    void transform(int[] coefficients, int[] quantization, short[] out, int offset, int stride) {
        final int[] ws = workspace;
        final int p1 = pass1Bits;
        // Pass 1: columns, results scaled up by sqrt(8) * 2^PASS1_BITS.
        final int shift1 = CONST_BITS - p1;
        final long round1 = 1L << (shift1 - 1);
        for (int col = 0; col < 8; col++) {
            if (coefficients[8 + col] == 0 && coefficients[16 + col] == 0
                    && coefficients[24 + col] == 0 && coefficients[32 + col] == 0
                    && coefficients[40 + col] == 0 && coefficients[48 + col] == 0
                    && coefficients[56 + col] == 0) {
                // AC terms all zero: the column is constant (exactly what the full path yields).
                int dc = coefficients[col] * quantization[col] << p1;
                for (int row = 0; row < 64; row += 8) {
                    ws[row + col] = dc;
                }
                continue;
            }
            // Even part: the rotation by sqrt(2) * c(-6).
            long z2 = (long) coefficients[16 + col] * quantization[16 + col];
            long z3 = (long) coefficients[48 + col] * quantization[48 + col];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 - z3 * FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            z2 = (long) coefficients[col] * quantization[col];
            z3 = (long) coefficients[32 + col] * quantization[32 + col];
            long tmp0 = (z2 + z3) << CONST_BITS;
            long tmp1 = (z2 - z3) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            // Odd part, inputs 7, 5, 3, 1.
            long in7 = (long) coefficients[56 + col] * quantization[56 + col];
            long in5 = (long) coefficients[40 + col] * quantization[40 + col];
            long in3 = (long) coefficients[24 + col] * quantization[24 + col];
            long in1 = (long) coefficients[8 + col] * quantization[8 + col];
            z1 = in7 + in1;
            z2 = in5 + in3;
            z3 = in7 + in3;
            long z4 = in5 + in1;
            long z5 = (z3 + z4) * FIX_1_175875602; // sqrt(2) * c3
            z1 *= -FIX_0_899976223; // sqrt(2) * (c7-c3)
            z2 *= -FIX_2_562915447; // sqrt(2) * (-c1-c3)
            z3 = z3 * -FIX_1_961570560 + z5; // sqrt(2) * (-c3-c5)
            z4 = z4 * -FIX_0_390180644 + z5; // sqrt(2) * (c5-c3)
            long odd0 = in7 * FIX_0_298631336 + z1 + z3; // sqrt(2) * (-c1+c3+c5-c7)
            long odd1 = in5 * FIX_2_053119869 + z2 + z4; // sqrt(2) * ( c1+c3-c5+c7)
            long odd2 = in3 * FIX_3_072711026 + z2 + z3; // sqrt(2) * ( c1+c3+c5-c7)
            long odd3 = in1 * FIX_1_501321110 + z1 + z4; // sqrt(2) * ( c1+c3-c5-c7)
            ws[col] = (int) ((tmp10 + odd3 + round1) >> shift1);
            ws[56 + col] = (int) ((tmp10 - odd3 + round1) >> shift1);
            ws[8 + col] = (int) ((tmp11 + odd2 + round1) >> shift1);
            ws[48 + col] = (int) ((tmp11 - odd2 + round1) >> shift1);
            ws[16 + col] = (int) ((tmp12 + odd1 + round1) >> shift1);
            ws[40 + col] = (int) ((tmp12 - odd1 + round1) >> shift1);
            ws[24 + col] = (int) ((tmp13 + odd0 + round1) >> shift1);
            ws[32 + col] = (int) ((tmp13 - odd0 + round1) >> shift1);
        }
        // Pass 2: rows; remove the factor 8 = 2^3 and the PASS1_BITS scaling, level shift.
        final int shift = CONST_BITS + p1 + 3;
        final long round = 1L << (shift - 1);
        for (int row = 0; row < 64; row += 8) {
            int o = offset + (row >> 3) * stride;
            if (ws[row + 1] == 0 && ws[row + 2] == 0 && ws[row + 3] == 0 && ws[row + 4] == 0
                    && ws[row + 5] == 0 && ws[row + 6] == 0 && ws[row + 7] == 0) {
                short v = clamp((ws[row] + (1 << (p1 + 2))) >> (p1 + 3));
                for (int i = 0; i < 8; i++) {
                    out[o + i] = v;
                }
                continue;
            }
            long z2 = ws[row + 2];
            long z3 = ws[row + 6];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 - z3 * FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            long tmp0 = ((long) ws[row] + ws[row + 4]) << CONST_BITS;
            long tmp1 = ((long) ws[row] - ws[row + 4]) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            long in7 = ws[row + 7];
            long in5 = ws[row + 5];
            long in3 = ws[row + 3];
            long in1 = ws[row + 1];
            z1 = in7 + in1;
            z2 = in5 + in3;
            z3 = in7 + in3;
            long z4 = in5 + in1;
            long z5 = (z3 + z4) * FIX_1_175875602;
            z1 *= -FIX_0_899976223;
            z2 *= -FIX_2_562915447;
            z3 = z3 * -FIX_1_961570560 + z5;
            z4 = z4 * -FIX_0_390180644 + z5;
            long odd0 = in7 * FIX_0_298631336 + z1 + z3;
            long odd1 = in5 * FIX_2_053119869 + z2 + z4;
            long odd2 = in3 * FIX_3_072711026 + z2 + z3;
            long odd3 = in1 * FIX_1_501321110 + z1 + z4;
            out[o] = clamp((int) ((tmp10 + odd3 + round) >> shift));
            out[o + 7] = clamp((int) ((tmp10 - odd3 + round) >> shift));
            out[o + 1] = clamp((int) ((tmp11 + odd2 + round) >> shift));
            out[o + 6] = clamp((int) ((tmp11 - odd2 + round) >> shift));
            out[o + 2] = clamp((int) ((tmp12 + odd1 + round) >> shift));
            out[o + 5] = clamp((int) ((tmp12 - odd1 + round) >> shift));
            out[o + 3] = clamp((int) ((tmp13 + odd0 + round) >> shift));
            out[o + 4] = clamp((int) ((tmp13 - odd0 + round) >> shift));
        }
    }

    /** Level shift (A.3.1) and clamp to 0 .. 2^P - 1. */
    private short clamp(int value) {
        int v = value + levelShift;
        return (short) (v < 0 ? 0 : Math.min(v, maxSample));
    }
}
