package org.dicomcnn.training.evaluate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dicomcnn.classify.Classifier;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * Runs a model bundle over labelled series exactly as the product does (the inference module's
 * {@link Classifier} and {@link FindingDetector}): each series is loaded and classified once, then
 * localised with every given detector setting.
 *
 * <pre>{@code
 * try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.AUTO)) {
 *     List<Predictions> p = new PredictionRunner(runtime, List.of(Settings.forManifest(m))).run(test, progress);
 * }
 * }</pre>
 */
public final class PredictionRunner {

    private final Classifier classifier;
    private final List<FindingDetector> detectors;
    private final SeriesLoader loader = new SeriesLoader();

    /**
     * @param runtime the open bundle
     * @param settings one localisation setting per detector (an empty list classifies only)
     */
    public PredictionRunner(ModelRuntime runtime, List<FindingDetector.Settings> settings) {
        this.classifier = new Classifier(runtime, 16, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        this.detectors = settings.stream()
                .map(s -> new FindingDetector(runtime, classifier.preprocessor(), s)).toList();
    }

    /**
     * Predicts every series.
     *
     * @param series labelled series
     * @param progress "predicting" progress per series
     * @return one prediction per series with a volume, in order
     * @throws InferenceException if the model fails
     * @throws IOException if a ground-truth file cannot be read
     */
    public List<Predictions> run(List<LabelledSeries> series, ProgressListener progress)
            throws InferenceException, IOException {
        List<Predictions> out = new ArrayList<>();
        int done = 0;
        for (LabelledSeries s : series) {
            SeriesVolumes loaded = loader.load(s.series(), ProgressListener.NONE);
            Optional<Volume> volume = loaded.volumes().stream().max(Comparator.comparingInt(Volume::depth));
            if (volume.isPresent() && volume.get().depth() == s.slices()) {
                SliceScores scores = classifier.classify(volume.get(), ProgressListener.NONE);
                List<List<Finding>> findings = new ArrayList<>();
                for (FindingDetector d : detectors) {
                    findings.add(d.detect(volume.get(), scores, ProgressListener.NONE));
                }
                StudyTruth truth = PhantomLabels.truthOf(s.series()).orElse(null);
                out.add(new Predictions(s, scores.probabilities(), scores.seriesProbabilities(), findings, truth));
            }
            progress.progress(++done, series.size(), "predicting");
        }
        return out;
    }
}
