package org.dicomcnn.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.volume.SeriesLoader;

/**
 * From files to findings for one study, timed per stage: index, load, classify every slice,
 * localise. The model is a ResNet-18 of our own with fixed random weights and its nodule
 * operating point at 0, so that every slice is positive and localisation does its most work
 * (Grad-CAM on the 48 most probable slices, then measurement of every component).
 *
 * <pre>java -cp ... org.dicomcnn.bench.StudyTimingBenchmark STUDY_DIR WORK_DIR [heatmap|region]</pre>
 */
public final class StudyTimingBenchmark {

    private StudyTimingBenchmark() {}

    /**
     * @param args the study folder, a work folder, and the localisation method
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Path study = Path.of(args[0]);
        Path work = Path.of(args[1]);
        FindingDetector.Method method = args.length > 2 && args[2].equals("region")
                ? FindingDetector.Method.REGION : FindingDetector.Method.HEATMAP;
        int size = 128;
        Manifest.Architecture arch = Manifest.Architecture.resnet(18);
        Manifest.InputSpec input = new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), size, 0, 1, 2.5,
                0.5, 0.25);
        Path params = NativeMemoryBenchmark.saveRandomNetwork(work.resolve("train"), arch, size);
        Manifest m = Manifest.builder().setName("resnet18-timing").setVersion("1").setTask("multi-label")
                .setClasses(List.of("nodule", "effusion")).setArchitecture(arch).setInput(input)
                .setWeights(Manifest.Weights.unhashed("model.params", Manifest.Weights.FORMAT_DJL_PARAMS))
                .optOperatingPoints(Map.of("nodule", new Manifest.OperatingPoint(0.0, null, null),
                        "effusion", new Manifest.OperatingPoint(1.0, null, null)))
                .build();
        ModelBundle bundle = ModelBundle.write(work.resolve("bundle"), m, params);
        long t0 = System.nanoTime();
        DicomIndex index = DicomIndex.scan(study, ProgressListener.NONE);
        long indexMs = (System.nanoTime() - t0) / 1_000_000;
        SeriesRef series = index.allSeries().stream().filter(SeriesRef::isImageSeries)
                .max(java.util.Comparator.comparingInt(SeriesRef::imageCount)).orElseThrow();
        long t1 = System.nanoTime();
        try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(bundle.directory()), DeviceChoice.CPU)) {
            long openMs = (System.nanoTime() - t1) / 1_000_000;
            SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, new SeriesLoader(),
                    FindingDetector.Settings.DEFAULT.withNoduleMethod(method), 16);
            StudyAnalysis a = analyzer.analyze("", series, ProgressListener.NONE);
            StudyAnalysis.StageTimings t = a.timings();
            System.out.printf(Locale.ROOT, "slices=%d method=%s index_ms=%d open_model_ms=%d load_ms=%d classify_ms=%d "
                    + "localise_ms=%d total_ms=%d findings=%d%n", a.scores().slices(), method, indexMs, openMs,
                    t.loadMs(), t.classifyMs(), t.localiseMs(), indexMs + openMs + t.totalMs(), a.findings().size());
        }
    }
}
