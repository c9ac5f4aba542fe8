package org.dicomcnn.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dicomcnn.classify.Classifier;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.Architectures;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.model.NetworkBlocks;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.VolumeInfo;

/**
 * Native memory over a long run: a ResNet-18 bundle of our own (DJL blocks, fixed random
 * weights) classifies a 500-slice volume again and again, 10,000 slices in all, computing
 * Grad-CAM heatmaps for 16 slices each pass; the process's resident set size (which holds
 * PyTorch's native tensors) is read after every pass.
 *
 * <pre>java -cp ... org.dicomcnn.bench.NativeMemoryBenchmark WORK_DIR [passes]</pre>
 */
public final class NativeMemoryBenchmark {

    private NativeMemoryBenchmark() {}

    /**
     * @param args a work folder and the number of passes (20)
     * @throws Exception if the model fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int size = 128;
        Manifest.Architecture arch = Manifest.Architecture.resnet(18);
        Manifest.InputSpec input = new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), size, 0, 1, 2.5,
                0.5, 0.25);
        Path params = saveRandomNetwork(dir.resolve("train"), arch, size);
        Manifest m = Manifest.builder().setName("resnet18-memory").setVersion("1").setTask("multi-label")
                .setClasses(List.of("nodule", "effusion")).setArchitecture(arch).setInput(input)
                .setWeights(Manifest.Weights.unhashed("model.params", Manifest.Weights.FORMAT_DJL_PARAMS)).build();
        ModelBundle bundle = ModelBundle.write(dir.resolve("bundle"), m, params);
        Volume volume = volume(500, 256);
        try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(bundle.directory()), DeviceChoice.CPU)) {
            Classifier classifier = new Classifier(runtime, 16, 1);
            FindingDetector detector = new FindingDetector(runtime, new Preprocessor(input), FindingDetector.Settings.DEFAULT);
            List<Integer> heatmapSlices = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                heatmapSlices.add(k * 31);
            }
            System.out.printf(Locale.ROOT, "pass slices_total rss_mb heap_used_mb seconds%n");
            long slices = 0;
            for (int pass = 1; pass <= passes; pass++) {
                long t0 = System.nanoTime();
                SliceScores s = classifier.classify(volume, ProgressListener.NONE);
                detector.heatmaps(volume, heatmapSlices, 0);
                slices += s.slices();
                Runtime rt = Runtime.getRuntime();
                System.out.printf(Locale.ROOT, "%d %d %.1f %.1f %.1f%n", pass, slices, rssMb(),
                        (rt.totalMemory() - rt.freeMemory()) / 1048576.0, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    static Path saveRandomNetwork(Path dir, Manifest.Architecture arch, int size) throws Exception {
        EngineSetup.engine().setRandomSeed(3);
        NetworkBlocks blocks = Architectures.build(arch, 3, size, 2);
        ai.djl.nn.SequentialBlock network = blocks.network();
        try (Model model = Model.newInstance("net", Device.cpu(), EngineSetup.ENGINE_NAME)) {
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size));
            Files.createDirectories(dir);
            model.save(dir, "net");
        }
        return dir.resolve("net-0000.params");
    }

    /** A CT-like volume: noise around lung and soft-tissue values. */
    static Volume volume(int slices, int matrix) {
        Random r = new Random(5);
        float[][] data = new float[slices][matrix * matrix];
        List<SliceSource> sources = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            for (int p = 0; p < data[k].length; p++) {
                int x = p % matrix;
                int y = p / matrix;
                double d = Math.hypot(x - matrix / 2.0, y - matrix / 2.0) / matrix;
                data[k][p] = (float) ((d < 0.3 ? -850 : d < 0.45 ? 40 : -1000) + 20 * r.nextGaussian());
            }
            sources.add(new SliceSource(Path.of("S" + k), "1.2.3." + k, 0));
        }
        Geometry g = Geometry.regular(matrix, matrix, slices, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0), 1.4, 1.4,
                1.25);
        return new Volume(g, 1, data, sources, new VolumeInfo("1.2.3", "1.2.3.4", "CT", "HU", List.of(), "MONOCHROME2"));
    }

    private static double rssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
