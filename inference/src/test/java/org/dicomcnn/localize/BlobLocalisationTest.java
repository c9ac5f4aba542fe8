package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dicomcnn.classify.Classifier;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.model.Architectures;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.FeatureGradients;
import org.dicomcnn.model.FeatureMaps;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.model.NetworkBlocks;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.preprocess.SlicePlane;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.VolumeInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Localisation before any big model exists: a small CNN is trained here, in seconds, to tell CT
 * slices with a small dense blob in the lung from slices without one (every slice also has a
 * vessel-like line). It never sees where the blob is. Then:
 *
 * <ul>
 *   <li>each heatmap method (Grad-CAM, Score-CAM, occlusion) must put its peak inside the blob of
 *       at least 90% of positive test slices;</li>
 *   <li>the whole path, {@link Classifier} then {@link FindingDetector} by heatmaps and by region
 *       scoring, must find the blobs with their centres and sizes.</li>
 * </ul>
 *
 * Training inputs come from the same {@link Preprocessor} the classifier uses: one code path.
 */
class BlobLocalisationTest {

    private static final int SIZE = 64;
    private static final int BATCH = 32;
    private static final Manifest.InputSpec INPUT = new Manifest.InputSpec("CT",
            List.of(new Manifest.Window(-600, 1500)), SIZE, 1.0, 0, 0, 0.5, 0.25);

    /** Where a slice's blob is (radius 0 when there is none), in voxels. */
    record Blob(double x, double y, double radius) {
        boolean present() {
            return radius > 0;
        }
    }

    /** A volume whose slices are independent samples, and the truth about each. */
    record Samples(Volume volume, List<Blob> blobs) {}

    @TempDir
    static Path dir;

    private static ModelRuntime runtime;
    private static Samples test;
    private static SliceScores scores;

    /** Slices are this many pixels on a side: the network's 64-pixel input plus a frame. */
    private static final int SLICE = SIZE + 2 * 4;

    /**
     * Slices of a 72 mm square: a 4 mm frame of soft tissue (+40 HU), which closes the slice for
     * the lung-field proposals and which the centred 64-pixel network input never sees, around
     * low-density parenchyma (-600 HU, noise 95 HU); a faint line (+225 HU above it, 1 mm) across
     * every slice, and in every other slice a Gaussian blob (560..940 HU above the parenchyma,
     * sigma 1.5-3 mm). The line is a distractor: the network has to find the blob's shape, not
     * just brightness. Blob positions are in voxels of the slice.
     */
    static Samples samples(int n, long seed) {
        Random r = new Random(seed);
        int frame = (SLICE - SIZE) / 2;
        float[][] data = new float[n][SLICE * SLICE];
        List<Blob> blobs = new ArrayList<>();
        List<SliceSource> sources = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int row = frame + 4 + r.nextInt(SIZE - 8);
            double bx = 0;
            double by = 0;
            double radius = 0;
            double amplitude = 0;
            double sigma = 1;
            if (s % 2 == 1) {
                sigma = 1.5 + r.nextDouble() * 1.5;
                bx = frame + 8 + r.nextDouble() * (SIZE - 16);
                by = frame + 8 + r.nextDouble() * (SIZE - 16);
                amplitude = 560 + 380 * r.nextDouble();
                radius = 2 * sigma;
            }
            for (int y = 0; y < SLICE; y++) {
                for (int x = 0; x < SLICE; x++) {
                    boolean inFrame = x < frame || y < frame || x >= SLICE - frame || y >= SLICE - frame;
                    double hu = inFrame ? 40 : -600 + 95 * r.nextGaussian();
                    if (!inFrame) {
                        if (y == row) {
                            hu += 225;
                        }
                        if (amplitude > 0) {
                            hu += amplitude * Math.exp(-((x - bx) * (x - bx) + (y - by) * (y - by)) / (2 * sigma * sigma));
                        }
                    }
                    data[s][y * SLICE + x] = (float) hu;
                }
            }
            blobs.add(new Blob(bx, by, radius));
            sources.add(new SliceSource(Path.of("S" + s), "1.2.826.0.1.3680043.9.7.1." + s, 0));
        }
        // Blobs lie on every other slice only, so two never share neighbouring slices and each
        // is a component of its own.
        Geometry g = Geometry.regular(SLICE, SLICE, n, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0), 1, 1, 2);
        Volume v = new Volume(g, 1, data, sources, new VolumeInfo("1.2.3", "1.2.3.4", "CT", "HU", List.of(), "MONOCHROME2"));
        return new Samples(v, blobs);
    }

    @BeforeAll
    static void trainAndOpen() throws Exception {
        Engine engine = EngineSetup.engine();
        engine.setRandomSeed(11);
        Manifest.Architecture arch = Manifest.Architecture.plainCnn(3, 16).withoutBatchNorm();
        NetworkBlocks blocks = Architectures.build(arch, 1, SIZE, 2);
        Samples train = samples(640, 1);
        Preprocessor pre = new Preprocessor(INPUT);
        SlicePlane plane = pre.plane(train.volume());
        Path params;
        try (Model model = Model.newInstance("blob", Device.cpu(), EngineSetup.ENGINE_NAME)) {
            model.setBlock(blocks.network());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 1, SIZE, SIZE));
                float[] x = new float[BATCH * pre.inputLength()];
                float[] y = new float[BATCH];
                for (int epoch = 0; epoch < 8; epoch++) {
                    for (int first = 0; first + BATCH <= train.blobs().size(); first += BATCH) {
                        for (int b = 0; b < BATCH; b++) {
                            pre.fill(train.volume(), plane, first + b, x, b * pre.inputLength());
                            y[b] = train.blobs().get(first + b).present() ? 1 : 0;
                        }
                        try (NDManager sub = model.getNDManager().newSubManager()) {
                            NDArray input = sub.create(x, new Shape(BATCH, 1, SIZE, SIZE));
                            NDArray label = sub.create(y, new Shape(BATCH));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                                gc.backward(trainer.getLoss().evaluate(new NDList(label), new NDList(logits)));
                            }
                            trainer.step();
                        }
                    }
                }
            }
            model.save(dir.resolve("train"), "blob");
            params = dir.resolve("train").resolve("blob-0000.params");
        }
        Manifest manifest = Manifest.builder().setName("blob-test").setVersion("1").setTask("softmax")
                .setClasses(List.of("background", "nodule")).setArchitecture(arch).setInput(INPUT)
                .setWeights(Manifest.Weights.unhashed("model.params", Manifest.Weights.FORMAT_DJL_PARAMS))
                .optOperatingPoints(Map.of("nodule", new Manifest.OperatingPoint(0.5, null, null)))
                .build();
        ModelBundle bundle = ModelBundle.write(dir.resolve("bundle"), manifest, params);
        runtime = ModelRuntime.open(ModelBundle.load(bundle.directory()), DeviceChoice.CPU);
        test = samples(200, 99);
        scores = new Classifier(runtime, 16, 2).classify(test.volume(), ProgressListener.NONE);
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theClassifierLearntTheTask() {
        int correct = 0;
        for (int k = 0; k < test.blobs().size(); k++) {
            boolean said = scores.probabilities()[k][1] >= 0.5;
            correct += said == test.blobs().get(k).present() ? 1 : 0;
        }
        double accuracy = correct / (double) test.blobs().size();
        assertTrue(accuracy >= 0.9, "test accuracy " + accuracy);
    }

    @Test
    void classifiesBitwiseIdenticallyWhateverThePreprocessingThreads() throws Exception {
        SliceScores again = new Classifier(runtime, 16, 1).classify(test.volume(), ProgressListener.NONE);
        for (int k = 0; k < scores.slices(); k++) {
            assertArrayEquals(scores.probabilities()[k], again.probabilities()[k], 0.0, "slice " + k);
        }
    }

    /** Positive test slices, the input of each, and the plane mapping inputs to voxels. */
    private static List<Integer> positives() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < test.blobs().size(); k++) {
            if (test.blobs().get(k).present()) {
                out.add(k);
            }
        }
        return out;
    }

    private static float[] input(int k) {
        Preprocessor pre = new Preprocessor(INPUT);
        float[] x = new float[pre.inputLength()];
        pre.fill(test.volume(), pre.plane(test.volume()), k, x, 0);
        return x;
    }

    /** Whether a heatmap's peak voxel lies inside the slice's blob. */
    private static boolean peakInBlob(Heatmap h, Blob b) {
        double best = -1;
        int bi = 0;
        int bj = 0;
        for (int j = 0; j < SLICE; j++) {
            for (int i = 0; i < SLICE; i++) {
                double value = h.atVoxel(i, j);
                if (value > best) {
                    best = value;
                    bi = i;
                    bj = j;
                }
            }
        }
        return Math.hypot(bi - b.x(), bj - b.y()) <= b.radius() + 1;
    }

    private static SlicePlane plane() {
        return new Preprocessor(INPUT).plane(test.volume());
    }

    @Test
    void gradCamPeaksInsideTheBlob() throws Exception {
        List<Integer> pos = positives();
        int inside = 0;
        for (int first = 0; first < pos.size(); first += BATCH) {
            int n = Math.min(BATCH, pos.size() - first);
            float[] batch = new float[n * SIZE * SIZE];
            for (int b = 0; b < n; b++) {
                System.arraycopy(input(pos.get(first + b)), 0, batch, b * SIZE * SIZE, SIZE * SIZE);
            }
            FeatureGradients g = runtime.featureGradients(batch, n, 1);
            for (int b = 0; b < n; b++) {
                float[] cam = ActivationMaps.gradCam(g.maps(), g.gradients(), b, g.channels(), g.height(), g.width());
                Heatmap h = new Heatmap(1, pos.get(first + b), g.width(), g.height(), cam, SIZE, plane(), "grad-cam");
                inside += peakInBlob(h, test.blobs().get(pos.get(first + b))) ? 1 : 0;
    
            }
        }
        double fraction = inside / (double) pos.size();
        assertTrue(fraction >= 0.9, "Grad-CAM peak inside the blob for " + fraction + " of " + pos.size());
    }

    @Test
    void scoreCamPeaksInsideTheBlob() throws Exception {
        List<Integer> pos = positives().subList(0, 50);
        BatchScorer scorer = (batch, n, c) -> {
            float[][] logits = runtime.logits(batch, n);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = ModelRuntime.probabilities(logits[i], runtime.manifest())[c];
            }
            return out;
        };
        int inside = 0;
        float background = (float) ((0 - INPUT.mean()) / INPUT.std());
        for (int k : pos) {
            float[] x = input(k);
            FeatureMaps f = runtime.features(x, 1);
            float[] cam = ActivationMaps.scoreCam(x, 1, SIZE, background, f.maps(), f.channels(), f.height(), f.width(),
                    32, scorer, 1);
            Heatmap h = new Heatmap(1, k, f.width(), f.height(), cam, SIZE, plane(), "score-cam");
            inside += peakInBlob(h, test.blobs().get(k)) ? 1 : 0;
        }
        double fraction = inside / (double) pos.size();
        assertTrue(fraction >= 0.9, "Score-CAM peak inside the blob for " + fraction + " of " + pos.size());
    }

    @Test
    void occlusionPeaksInsideTheBlob() throws Exception {
        List<Integer> pos = positives().subList(0, 30);
        BatchScorer margin = FindingDetector.logitMargin(runtime);
        int inside = 0;
        for (int k : pos) {
            float[] map = ActivationMaps.occlusion(input(k), 1, SIZE, 8, 4, margin, 1);
            int grid = SIZE / 4;
            inside += peakInBlob(new Heatmap(1, k, grid, grid, map, SIZE, plane(), "occlusion"), test.blobs().get(k)) ? 1 : 0;
        }
        double fraction = inside / (double) pos.size();
        assertTrue(fraction >= 0.9, "occlusion peak inside the blob for " + fraction + " of " + pos.size());
    }

    /** Fraction of blobs with a finding on their slice within 2 mm, and the findings off any blob. */
    private static double[] detection(List<Finding> findings) {
        int found = 0;
        int positives = 0;
        for (int k = 0; k < test.blobs().size(); k++) {
            Blob b = test.blobs().get(k);
            if (!b.present()) {
                continue;
            }
            positives++;
            final int slice = k;
            boolean hit = findings.stream().anyMatch(f -> Math.round(f.centreVoxel()[2]) == slice
                    && Math.hypot(f.centreVoxel()[0] - b.x(), f.centreVoxel()[1] - b.y()) <= 2);
            found += hit ? 1 : 0;
        }
        long falsePositives = findings.stream().filter(f -> {
            Blob b = test.blobs().get((int) Math.round(f.centreVoxel()[2]));
            return !b.present() || Math.hypot(f.centreVoxel()[0] - b.x(), f.centreVoxel()[1] - b.y()) > 2;
        }).count();
        return new double[] {found / (double) positives, falsePositives};
    }

    @Test
    void findsTheBlobsByHeatmapsEndToEnd() throws Exception {
        FindingDetector detector = new FindingDetector(runtime, new Preprocessor(INPUT),
                new FindingDetector.Settings(FindingDetector.Method.HEATMAP, HeatmapLocalizer.Settings.DEFAULT, 200, 400,
                        32, 0.0625, Double.NaN));
        List<Finding> findings = detector.detect(test.volume(), scores, ProgressListener.NONE);
        double[] d = detection(findings);
        assertTrue(d[0] >= 0.9, "blobs found by heatmaps: " + d[0]);
        assertTrue(d[1] <= 10, "false findings: " + d[1]);
        assertTrue(findings.stream().allMatch(f -> f.provenance().method().equals("grad-cam")));
        // Each blob lies on one slice: its in-plane extent is what can be measured.
        List<Double> sizes = findings.stream().map(Finding::longAxisMm).sorted().toList();
        assertTrue(sizes.get(sizes.size() / 2) > 3 && sizes.get(sizes.size() / 2) < 11, "median long axis of " + sizes);
    }

    @Test
    void findsTheBlobsByRegionScoringEndToEnd() throws Exception {
        FindingDetector detector = new FindingDetector(runtime, new Preprocessor(INPUT),
                FindingDetector.Settings.DEFAULT.withNoduleMethod(FindingDetector.Method.REGION));
        List<Finding> findings = detector.detect(test.volume(), scores, ProgressListener.NONE);
        double[] d = detection(findings);
        assertTrue(d[0] >= 0.9, "blobs found by region scoring: " + d[0]);
        // At most 12 false findings on the 200 slices. The proposer ranks blobs by response times
        // roundness (BlobCandidates.REVISION 2), which favours 3-D spheres: this test's blobs lie on
        // one 2 mm slice each, flat discs in 3-D, so round noise ranks closer to them than under
        // the response alone (10 then, 11 since).
        assertTrue(d[1] <= 12, "false findings: " + d[1]);
        assertEquals("region-scoring", findings.get(0).provenance().method());
    }
}
