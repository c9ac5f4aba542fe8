package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActivationMapsTest {

    /** Index of the largest value. */
    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void weightsMapsByTheirMeanGradientAndCutsNegatives() {
        // two 2x2 maps: gradient means 1 and -0.5
        float[] maps = {1, 2, 3, 4, 4, 0, 0, 4};
        float[] grads = {1, 1, 1, 1, -0.5f, -0.5f, -0.5f, -0.5f};
        float[] cam = ActivationMaps.gradCam(maps, grads, 0, 2, 2, 2);
        assertArrayEquals(new float[] {0, 2, 3, 2}, cam, 1e-6f);
    }

    /** A "model" whose probability is the mean input inside a 8 x 8 square at (20..27, 4..11). */
    private static final BatchScorer SQUARE = (batch, n, c) -> {
        int size = 32;
        float[] out = new float[n];
        for (int b = 0; b < n; b++) {
            double s = 0;
            for (int v = 4; v < 12; v++) {
                for (int u = 20; u < 28; u++) {
                    s += batch[b * size * size + v * size + u];
                }
            }
            out[b] = (float) (s / 64);
        }
        return out;
    };

    @Test
    void occlusionPeaksWhereTheModelLooks() throws Exception {
        float[] input = new float[32 * 32];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat() < 0.5 ? 0 : 2; // structure that flattening to the patch mean removes
        }
        BatchScorer contrast = (batch, n, c) -> {
            float[] out = new float[n];
            for (int b = 0; b < n; b++) {
                double s = 0;
                for (int v = 4; v < 12; v++) {
                    for (int u = 20; u < 28; u++) {
                        s += Math.abs(batch[b * 1024 + v * 32 + u] - 1);
                    }
                }
                out[b] = (float) (s / 64);
            }
            return out;
        };
        float[] map = ActivationMaps.occlusion(input, 1, 32, 8, 4, contrast, 0);
        int peak = argmax(map);
        int grid = 8;
        int u = (peak % grid) * 4 + 2;
        int v = (peak / grid) * 4 + 2;
        assertEquals(24, u, 4);
        assertEquals(8, v, 4);
    }

    @Test
    void scoreCamPrefersTheMapThatKeepsWhatTheModelNeeds() throws Exception {
        float[] input = new float[32 * 32];
        java.util.Arrays.fill(input, 1);
        // map 0 covers the square (upper right), map 1 the lower left; 4 x 4 grid
        float[] maps = new float[2 * 16];
        maps[1 * 4 + 2] = 1;
        maps[1 * 4 + 3] = 1;
        maps[16 + 3 * 4] = 1;
        maps[16 + 3 * 4 + 1] = 1;
        float[] cam = ActivationMaps.scoreCam(input, 1, 32, 0, maps, 2, 4, 4, 2, SQUARE, 0);
        int peak = argmax(cam);
        assertEquals(1, peak / 4, "row of the square");
        assertEquals(true, peak % 4 >= 2, "column of the square");
    }
}
