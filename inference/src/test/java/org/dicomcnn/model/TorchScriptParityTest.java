package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dicomcnn.model.Manifest.Architecture;
import org.dicomcnn.model.Manifest.LocalisationSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model no one wrote in Java: Debian's PyTorch traces small CNNs (make_torchscript_fixture.py),
 * saves them with a fixed input and torch's outputs, and the runtime must reproduce those outputs
 * within 1e-4 through a model bundle.
 */
class TorchScriptParityTest {

    /** The Python that has Debian's python3-torch; override with -Ddicomcnn.python=... */
    static final String PYTHON = System.getProperty("dicomcnn.python", "/usr/bin/python3");
    static final double TOLERANCE = 1e-4;
    private static final Logger LOG = LoggerFactory.getLogger(TorchScriptParityTest.class);

    @TempDir
    static Path fixtures;

    @BeforeAll
    static void traceModelsWithPyTorch() throws Exception {
        Path script = fixtures.resolve("make_torchscript_fixture.py");
        try (InputStream in = TorchScriptParityTest.class.getResourceAsStream("/model/make_torchscript_fixture.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), fixtures.resolve("out").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), PYTHON + " with Debian's python3-torch is needed"
                + " (apt-get install python3-torch); it said:\n" + output);
        LOG.info("fixtures traced: {}", output.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c3-features"})
    void reproducesTorchLogitsAndFeatureMaps(String variant, @TempDir Path work) throws Exception {
        Path dir = fixtures.resolve("out").resolve(variant);
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        int n = meta.get("batch").asInt();
        int channels = meta.get("channels").asInt();
        int size = meta.get("size").asInt();
        int classes = meta.get("classes").asInt();
        boolean withFeatures = meta.has("featuresShape");

        ModelBundle bundle = ModelBundle.write(work.resolve("bundle"), manifest(channels, size, classes, withFeatures),
                dir.resolve("model.pt"));
        float[] input = readFloats(dir.resolve("input.f32"));
        float[] expected = readFloats(dir.resolve("logits.f32"));
        try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(bundle.directory()), DeviceChoice.CPU)) {
            assertFalse(runtime.hasTrunkHeadSplit());
            assertEquals(withFeatures, runtime.hasFeatureOutput());
            float[][] logits = runtime.logits(input, n);
            double logitDiff = maxAbsDiff(expected, flatten(logits));
            LOG.info("{}: max |logit - torch| = {}", variant, logitDiff);
            assertTrue(logitDiff <= TOLERANCE, variant + ": logits differ from torch's by " + logitDiff);
            if (withFeatures) {
                JsonNode shape = meta.get("featuresShape");
                FeatureMaps f = runtime.features(input, n);
                assertEquals(List.of(shape.get(1).asInt(), shape.get(2).asInt(), shape.get(3).asInt()),
                        List.of(f.channels(), f.height(), f.width()));
                double mapDiff = maxAbsDiff(readFloats(dir.resolve("features.f32")), f.maps());
                LOG.info("{}: max |feature - torch| = {}", variant, mapDiff);
                assertTrue(mapDiff <= TOLERANCE, variant + ": feature maps differ from torch's by " + mapDiff);
                assertEquals(0.0, maxAbsDiff(flatten(logits), flatten(f.logits())));
            } else {
                InferenceException e = assertThrows(InferenceException.class, () -> runtime.features(input, n));
                assertTrue(e.getMessage().contains("has no feature maps"), e.getMessage());
            }
            InferenceException e = assertThrows(InferenceException.class, () -> runtime.featureGradients(input, n, 0));
            assertTrue(e.getMessage().endsWith("featureGradients needs a DJL network split into trunk and head;"
                    + " a TorchScript model has none"), e.getMessage());
        }
    }

    @Test
    void givesBitwiseSameLogitsAcrossCallsAndBatches(@TempDir Path work) throws Exception {
        Path dir = fixtures.resolve("out").resolve("c3-features");
        ModelBundle bundle = ModelBundle.write(work.resolve("bundle"), manifest(3, 64, 4, true), dir.resolve("model.pt"));
        float[] a = readFloats(dir.resolve("input.f32"));
        int n = 4;
        int sample = 3 * 64 * 64;
        float[] b = BundleFixtures.randomInput(a.length, 3);
        System.arraycopy(a, 0, b, 2 * sample, sample);
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.CPU)) {
            float[][] first = runtime.logits(a, n);
            // TorchScript's profiling executor would re-optimise after the first calls; several calls must agree
            for (int call = 0; call < 3; call++) {
                float[][] again = runtime.logits(a, n);
                for (int i = 0; i < n; i++) {
                    ModelRuntimeTest.assertBitwiseEqual(first[i], again[i], "call " + call + ", slice " + i);
                }
            }
            ModelRuntimeTest.assertBitwiseEqual(first[0], runtime.logits(b, n)[2], "the same slice in another batch");
            ModelRuntimeTest.assertBitwiseEqual(first[0], runtime.features(b, n).logits()[2], "features() logits");
        }
    }

    @Test
    void rejectsFeatureOutputTheModelDoesNotHave(@TempDir Path work) throws Exception {
        Path dir = fixtures.resolve("out").resolve("c1");
        ModelBundle bundle = ModelBundle.write(work.resolve("bundle"), manifest(1, 64, 3, true), dir.resolve("model.pt"));
        BundleException e = assertThrows(BundleException.class, () -> ModelRuntime.open(bundle, DeviceChoice.CPU));
        assertEquals("model bundle " + bundle.source() + ": the manifest names output 1 as the feature map, but the"
                + " model returns 1 output(s)", e.getMessage());
    }

    @Test
    void rejectsWrongChannelCountWithClearMessage(@TempDir Path work) throws Exception {
        Path dir = fixtures.resolve("out").resolve("c3");
        ModelBundle bundle = ModelBundle.write(work.resolve("bundle"), manifest(1, 64, 2, false), dir.resolve("model.pt"));
        BundleException e = assertThrows(BundleException.class, () -> ModelRuntime.open(bundle, DeviceChoice.CPU));
        assertTrue(e.getMessage().startsWith("model bundle " + bundle.source() + ": weights model.pt do not run on an"
                + " input of 1 x 1 x 64 x 64 (torchscript, manifest input): "), e.getMessage());
    }

    static Manifest manifest(int channels, int size, int classes, boolean withFeatures) {
        return Manifest.builder()
                .setName("torch-small-cnn")
                .setVersion("1")
                .setTask(Manifest.TASK_SOFTMAX)
                .setClasses(BundleFixtures.classNames(classes))
                .setArchitecture(Architecture.torchscript())
                .setInput(BundleFixtures.input(channels, size))
                .optLocalisation(withFeatures
                        ? new LocalisationSpec(1, LocalisationSpec.METHOD_SCORE_CAM)
                        : new LocalisationSpec(null, LocalisationSpec.METHOD_OCCLUSION))
                .setWeights(Manifest.Weights.unhashed("model.pt", Manifest.Weights.FORMAT_TORCHSCRIPT))
                .build();
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    static float[] flatten(float[][] rows) {
        int k = rows[0].length;
        float[] v = new float[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, v, i * k, k);
        }
        return v;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "value count");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
