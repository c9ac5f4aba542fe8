package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dicomcnn.model.Manifest.Architecture;
import org.dicomcnn.model.Manifest.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRuntimeTest {

    private static final int SIZE = 128;

    @Test
    void givesBitwiseSameLogitsForSameSliceOnCpu(@TempDir Path work) throws Exception {
        Architecture arch = Architecture.resnet(18);
        int n = 4;
        int plane = SIZE * SIZE;
        float[] a = BundleFixtures.randomInput(n * plane, 11);
        BundleFixtures.SavedNetwork saved = BundleFixtures.saveNetwork(work.resolve("train"), arch, 1, SIZE, 2, a, n);
        ModelBundle bundle = ModelBundle.write(work.resolve("bundle"),
                BundleFixtures.manifest(arch, 1, SIZE, 2, Manifest.TASK_MULTI_LABEL), saved.paramsFile());
        // another batch of the same size holding slice 0 of the first one at position 2
        float[] b = BundleFixtures.randomInput(n * plane, 12);
        System.arraycopy(a, 0, b, 2 * plane, plane);
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.CPU)) {
            float[][] first = runtime.logits(a, n);
            float[][] second = runtime.logits(a, n);
            float[][] other = runtime.logits(b, n);
            for (int i = 0; i < n; i++) {
                assertBitwiseEqual(first[i], second[i], "slice " + i + " run twice");
            }
            assertBitwiseEqual(first[0], other[2], "the same slice in another batch");
            assertNotEquals(first[1][0], other[1][0], "different slices give different logits");
            assertBitwiseEqual(ModelRuntime.probabilities(first[0], bundle.manifest()),
                    ModelRuntime.probabilities(other[2], bundle.manifest()), "probabilities");
            // the trunk-then-head path of features() computes the same logits as the whole network
            FeatureMaps f = runtime.features(a, n);
            for (int i = 0; i < n; i++) {
                assertBitwiseEqual(first[i], f.logits()[i], "features() logits of slice " + i);
            }
            try (ModelRuntime again = ModelRuntime.open(ModelBundle.load(bundle.directory()), DeviceChoice.CPU)) {
                assertBitwiseEqual(first[3], again.logits(a, n)[3], "a second runtime on the same bundle");
            }
        }
    }

    @Test
    void featureGradientsMatchFiniteDifferencesThroughTheHead(@TempDir Path work) throws Exception {
        ModelBundle bundle = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_MULTI_LABEL);
        int n = 2;
        int classIndex = 1;
        float[] x = BundleFixtures.randomInput(n * 32 * 32, 5);
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.CPU)) {
            FeatureGradients g = runtime.featureGradients(x, n, classIndex);
            int[] shape = runtime.featureShape();
            assertArrayEquals(shape, new int[] {g.channels(), g.height(), g.width()});
            assertEquals(List.of(8, 16, 16), List.of(g.channels(), g.height(), g.width()));
            float[][] logits = runtime.logits(x, n);
            for (int i = 0; i < n; i++) {
                assertBitwiseEqual(logits[i], g.logits()[i], "logits of the gradient pass");
            }
            assertArrayEquals(runtime.features(x, n).maps(), g.maps(), 0f);

            // The head (average pooling, linear layer) is linear in the features, so a large central step is
            // exact but for float rounding of the logits, which a small step would magnify.
            double eps = 1.0;
            int plane = g.height() * g.width();
            int[][] elements = {{0, 0, 0, 0}, {0, 3, 7, 9}, {1, 5, 15, 15}, {1, 7, 2, 11}};
            for (int[] e : elements) {
                int index = ((e[0] * g.channels() + e[1]) * g.height() + e[2]) * g.width() + e[3];
                float[] up = g.maps().clone();
                float[] down = g.maps().clone();
                up[index] += (float) eps;
                down[index] -= (float) eps;
                float[][] lu = runtime.headLogits(up, n);
                float[][] ld = runtime.headLogits(down, n);
                double numeric = (lu[e[0]][classIndex] - ld[e[0]][classIndex]) / ((up[index] - down[index]));
                double analytic = g.gradients()[index];
                assertEquals(numeric, analytic, 1e-8 + 2e-3 * Math.abs(analytic),
                        "d logit / d feature at sample, channel, row, column " + java.util.Arrays.toString(e));
                int otherSample = 1 - e[0];
                assertEquals(lu[otherSample][classIndex], ld[otherSample][classIndex], 0f, "samples are independent");
            }
            assertTrue(plane > 1);
            // each sample's gradient is its own: the same slice alone gives the same gradient
            float[] alone = java.util.Arrays.copyOfRange(x, 0, 32 * 32);
            FeatureGradients single = runtime.featureGradients(alone, 1, classIndex);
            assertArrayEquals(java.util.Arrays.copyOfRange(g.gradients(), 0, g.channels() * plane), single.gradients(),
                    1e-7f);
            assertThrows(IllegalArgumentException.class, () -> runtime.featureGradients(x, n, 3));
        }
    }

    @Test
    void computesSigmoidAndSoftmaxWithTemperature() {
        Manifest multi = BundleFixtures.manifest(Architecture.googlenet(), 1, 64, 3, Manifest.TASK_MULTI_LABEL);
        assertArrayEquals(new float[] {0.5f, 0.880797f, 0.047426f},
                ModelRuntime.probabilities(new float[] {0, 2, -3}, multi), 1e-6f);
        assertArrayEquals(new float[] {1f, 0f, 0.5f},
                ModelRuntime.probabilities(new float[] {1000, -1000, 0}, multi), 0f);
        Manifest multiT = multi.withCalibration(Calibration.temperature(2));
        assertArrayEquals(new float[] {0.5f, 0.731059f, 0.182426f},
                ModelRuntime.probabilities(new float[] {0, 2, -3}, multiT), 1e-6f);

        Manifest soft = BundleFixtures.manifest(Architecture.googlenet(), 1, 64, 3, Manifest.TASK_SOFTMAX);
        assertArrayEquals(new float[] {0.090031f, 0.244728f, 0.665241f},
                ModelRuntime.probabilities(new float[] {1, 2, 3}, soft), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f, 1f},
                ModelRuntime.probabilities(new float[] {-1000, 0, 1000}, soft), 0f);
        Manifest softT = soft.withCalibration(Calibration.temperature(0.5));
        assertArrayEquals(new float[] {0.015876f, 0.117310f, 0.866813f},
                ModelRuntime.probabilities(new float[] {1, 2, 3}, softT), 1e-6f);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelRuntime.probabilities(new float[] {1, 2}, soft));
        assertEquals("logits hold 2 values; the manifest of test-googlenet lists 3 classes", e.getMessage());
    }

    @Test
    void servesConcurrentCallsWithSameResults(@TempDir Path work) throws Exception {
        ModelBundle bundle = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_SOFTMAX);
        float[] x = BundleFixtures.randomInput(3 * 32 * 32, 9);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.AUTO)) {
            float[][] expected = runtime.logits(x, 3);
            List<Future<float[][]>> results = pool.invokeAll(List.of(
                    () -> runtime.logits(x, 3), () -> runtime.logits(x, 3),
                    () -> runtime.featureGradients(x, 3, 0).logits(), () -> runtime.featureGradients(x, 3, 2).logits()));
            for (Future<float[][]> r : results) {
                for (int i = 0; i < 3; i++) {
                    assertBitwiseEqual(expected[i], r.get()[i], "concurrent call, slice " + i);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsBatchOfWrongLengthAndUseAfterClose(@TempDir Path work) throws Exception {
        ModelBundle bundle = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_SOFTMAX);
        ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.CPU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runtime.logits(new float[100], 1));
        assertEquals("batch holds 100 values; n 1 x 1 channel(s) x 32 x 32 = 1024 expected by model test-plain-cnn"
                + " 0.0.1 (plain-cnn-2x4)", e.getMessage());
        assertEquals("cpu()", runtime.device());
        runtime.close();
        runtime.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> runtime.logits(new float[1024], 1));
        assertEquals("model test-plain-cnn 0.0.1 (plain-cnn-2x4) is closed", closed.getMessage());
    }

    static void assertBitwiseEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ": value " + i + " " + expected[i] + " vs " + actual[i]);
        }
    }
}
