package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.ExternalTool;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heatmaps for TorchScript bundles, where no gradients are available: a blob detector written in
 * PyTorch (difference-of-Gaussians filters, by Debian's python3-torch) explains the committed
 * phantom study with a growing nodule by Score-CAM when the bundle names its feature output, and
 * by occlusion when it returns logits only. Each heatmap must peak near the nodule (within one
 * occlusion step), say which method made it, and lead to a finding measured on the nodule that
 * matches its ground truth.
 */
class TorchScriptHeatmapTest {

    @TempDir
    static Path dir;

    private static Volume chest;

    @BeforeAll
    static void writeModels() throws Exception {
        Path script = Path.of(TorchScriptHeatmapTest.class.getResource("/localize/make_blob_detector.py").toURI());
        ExternalTool.run(ExternalTool.PYTHON, script.toString(), dir.toString());
        Path study = TestData.committedSamples().resolve("growing-nodule/study-2");
        DicomIndex index = DicomIndex.scan(study, ProgressListener.NONE);
        chest = new SeriesLoader(2).load(index.allSeries().get(0), ProgressListener.NONE).volumes().get(0);
        LesionTruth n1 = GroundTruthJson.readStudy(study.resolve("ground-truth.json")).lesions().stream()
                .filter(l -> l.id().equals("N1")).findFirst().orElseThrow();
        nodule = Vec3.of(n1.centreMm());
        noduleDiameterMm = java.util.Arrays.stream(n1.diametersMm()).average().orElseThrow();
        noduleVoxel = chest.geometry().patientToVoxel(nodule);
    }

    private static Vec3 nodule;
    private static double noduleDiameterMm;
    private static double[] noduleVoxel;

    private static ModelRuntime open(String file, Integer featureOutput, String method) throws Exception {
        Manifest m = Manifest.builder().setName("blob-detector").setVersion("1").setTask("softmax")
                .setClasses(List.of("background", "nodule")).setArchitecture(Manifest.Architecture.torchscript())
                .setInput(new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), 256, 0, 0, 0, 0.5, 0.25))
                .setWeights(Manifest.Weights.unhashed("model.pt", Manifest.Weights.FORMAT_TORCHSCRIPT))
                .optLocalisation(new Manifest.LocalisationSpec(featureOutput, method))
                .optOperatingPoints(Map.of("nodule", new Manifest.OperatingPoint(0.5, null, null))).build();
        ModelBundle b = ModelBundle.write(dir.resolve(file + "-bundle"), m, dir.resolve(file));
        return ModelRuntime.open(ModelBundle.load(b.directory()), DeviceChoice.CPU);
    }

    /** The voxel (column, row) where a heatmap is largest. */
    private static int[] peak(Heatmap h, Volume v) {
        double best = -1;
        int[] at = {0, 0};
        for (int j = 0; j < v.height(); j++) {
            for (int i = 0; i < v.width(); i++) {
                double value = h.atVoxel(i, j);
                if (value > best) {
                    best = value;
                    at = new int[] {i, j};
                }
            }
        }
        return at;
    }

    /**
     * @param slicesAround heatmaps on the nodule's slice and this many either side (occlusion costs
     *     256 forward passes a slice, so its test explains one slice)
     */
    private static void assertPeakOnNodule(String file, Integer featureOutput, String method, String expected,
            int slicesAround) throws Exception {
        try (ModelRuntime runtime = open(file, featureOutput, method)) {
            FindingDetector d = new FindingDetector(runtime, new Preprocessor(runtime.manifest().input()),
                    FindingDetector.Settings.DEFAULT);
            assertEquals(expected, d.heatmapMethod());
            int k = (int) Math.round(noduleVoxel[2]);
            List<Integer> slices = java.util.stream.IntStream.rangeClosed(k - slicesAround, k + slicesAround).boxed().toList();
            List<Heatmap> maps = d.heatmaps(chest, slices, 1);
            assertEquals(slices.size(), maps.size());
            assertEquals(expected, maps.get(0).method());
            int[] p = peak(maps.get(slicesAround), chest);
            double distance = Math.hypot((p[0] - noduleVoxel[0]) * chest.geometry().columnSpacingMm(),
                    (p[1] - noduleVoxel[1]) * chest.geometry().rowSpacingMm());
            assertTrue(distance <= 12, expected + " peak " + distance + " mm from the nodule");
            double[] probabilities = new double[chest.depth()];
            java.util.Arrays.fill(probabilities, k - slicesAround, k + slicesAround + 1, 0.9);
            List<Finding> f = HeatmapLocalizer.localize(chest, "nodule", maps, probabilities, false,
                    HeatmapLocalizer.Settings.DEFAULT);
            Finding near = f.stream().min(java.util.Comparator.comparingDouble(x -> x.centreMm().distance(nodule)))
                    .orElseThrow(() -> new AssertionError("no finding"));
            assertEquals(0, near.centreMm().distance(nodule), 3, "finding centre vs ground truth, findings " + f.size());
            assertEquals(noduleDiameterMm, near.diameterMm(), 2.5, "diameter vs ground truth");
            assertEquals(expected, near.provenance().method());
        }
    }

    @Test
    void scoreCamOnTheFeatureOutputPeaksOnTheNodule() throws Exception {
        assertPeakOnNodule("blob_features.pt", 1, Manifest.LocalisationSpec.METHOD_SCORE_CAM, "score-cam", 1);
    }

    @Test
    void occlusionPeaksOnTheNoduleWithoutAFeatureOutput() throws Exception {
        assertPeakOnNodule("blob_logits.pt", null, Manifest.LocalisationSpec.METHOD_OCCLUSION, "occlusion", 0);
    }
}
