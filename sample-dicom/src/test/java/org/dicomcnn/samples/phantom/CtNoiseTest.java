package org.dicomcnn.samples.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CtNoiseTest {

    private static final int N = 256;

    private static float[] noise(ReconstructionKernel k, double sigma, long seed) {
        float[] v = new float[N * N];
        new CtNoise(k, sigma).addTo(v, N, N, seed);
        return v;
    }

    private static double sd(float[] v) {
        double m = 0;
        for (float f : v) {
            m += f;
        }
        m /= v.length;
        double s = 0;
        for (float f : v) {
            s += (f - m) * (f - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static double lagOneCorrelation(float[] v) {
        double s = 0;
        double s0 = 0;
        for (int j = 0; j < N; j++) {
            for (int i = 0; i + 1 < N; i++) {
                s += v[j * N + i] * v[j * N + i + 1];
                s0 += v[j * N + i] * v[j * N + i];
            }
        }
        return s / s0;
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        assertEquals(20, sd(noise(ReconstructionKernel.STANDARD, 20, 1)), 1.5);
        assertEquals(20, sd(noise(ReconstructionKernel.LUNG, 20, 2)), 1.5);
    }

    @Test
    void noiseIsSpatiallyCorrelatedAndSharperKernelsAreFinerGrained() {
        double standard = lagOneCorrelation(noise(ReconstructionKernel.STANDARD, 20, 3));
        double lung = lagOneCorrelation(noise(ReconstructionKernel.LUNG, 20, 3));
        assertTrue(standard > 0.4 && standard < 0.95, "standard-kernel correlation " + standard);
        assertTrue(lung < standard, "lung kernel " + lung + " should be finer than standard " + standard);
        assertTrue(lung > 0.05, "lung-kernel noise must not be white: " + lung);
    }

    @Test
    void noiseDependsOnlyOnItsSeed() {
        assertArrayEquals(noise(ReconstructionKernel.STANDARD, 15, 42), noise(ReconstructionKernel.STANDARD, 15, 42));
        assertFalse(Arrays.equals(noise(ReconstructionKernel.STANDARD, 15, 42),
                noise(ReconstructionKernel.STANDARD, 15, 43)));
    }
}
