package org.dicomcnn.pipeline;

import java.util.Comparator;
import java.util.List;
import org.dicomcnn.classify.Classifier;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * The pipeline for one series, from files to findings: load the series, classify every slice
 * of its largest volume, localise findings. The model is opened once by the caller and reused
 * for every series.
 *
 * <pre>{@code
 * try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(bundle), DeviceChoice.parse("auto"))) {
 *     SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, new SeriesLoader(), FindingDetector.Settings.DEFAULT, 16);
 *     for (SeriesRef s : index.allSeries())
 *         results.add(analyzer.analyze(studyUid, s, progress));
 * }
 * }</pre>
 */
public final class SeriesAnalyzer {

    private final ModelRuntime runtime;
    private final SeriesLoader loader;
    private final Classifier classifier;
    private final FindingDetector detector;

    /**
     * @param runtime the open model
     * @param loader the series loader
     * @param settings localisation settings
     * @param batchSize slices per forward pass
     */
    public SeriesAnalyzer(ModelRuntime runtime, SeriesLoader loader, FindingDetector.Settings settings, int batchSize) {
        this.runtime = runtime;
        this.loader = loader;
        this.classifier = new Classifier(runtime, batchSize, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        this.detector = new FindingDetector(runtime, classifier.preprocessor(), settings);
    }

    /**
     * Analyses one series.
     *
     * @param studyInstanceUid the study it belongs to
     * @param series the series
     * @param progress progress per stage
     * @return the analysis; without findings or scores when nothing could be loaded
     * @throws InferenceException if the model fails or does not suit the series
     */
    public StudyAnalysis analyze(String studyInstanceUid, SeriesRef series, ProgressListener progress)
            throws InferenceException {
        long t0 = System.nanoTime();
        SeriesVolumes loaded = loader.load(series, progress);
        return analyze(studyInstanceUid, loaded, (System.nanoTime() - t0) / 1_000_000, progress);
    }

    /**
     * Analyses a series already loaded, for callers that need its volume too (temporal
     * comparison registers it), so that it is read once.
     *
     * @param studyInstanceUid the study it belongs to
     * @param loaded the series as {@link SeriesLoader} loaded it
     * @param loadMs how long loading took, for the timings
     * @param progress progress per stage
     * @return the analysis of its largest volume; without findings or scores when it has none
     * @throws InferenceException if the model fails or does not suit the series
     */
    public StudyAnalysis analyze(String studyInstanceUid, SeriesVolumes loaded, long loadMs, ProgressListener progress)
            throws InferenceException {
        Manifest m = runtime.manifest();
        StudyAnalysis.ModelIdentity model = new StudyAnalysis.ModelIdentity(m.name(), m.version(), m.weights().sha256());
        String seriesUid = loaded.series().seriesInstanceUid();
        if (loaded.volumes().isEmpty()) {
            return new StudyAnalysis(studyInstanceUid, seriesUid, model, runtime.device(), null, List.of(),
                    loaded.problems(), loaded.notes(), new StudyAnalysis.StageTimings(loadMs, 0, 0));
        }
        Volume volume = largest(loaded);
        long t1 = System.nanoTime();
        SliceScores scores = classifier.classify(volume, progress);
        long t2 = System.nanoTime();
        List<Finding> findings = detector.detect(volume, scores, progress);
        long t3 = System.nanoTime();
        return new StudyAnalysis(studyInstanceUid, seriesUid, model, runtime.device(), scores, findings,
                loaded.problems(), loaded.notes(), new StudyAnalysis.StageTimings(loadMs, ms(t1, t2), ms(t2, t3)));
    }

    /**
     * @param loaded a loaded series
     * @return the volume the analysis looks at: the one with the most slices
     */
    public static Volume largest(SeriesVolumes loaded) {
        return loaded.volumes().stream().max(Comparator.comparingInt(Volume::depth)).orElseThrow();
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
