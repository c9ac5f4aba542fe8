package org.dicomcnn.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.training.data.DatasetBuilder;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.Roc;
import org.dicomcnn.training.evaluate.PredictionRunner;
import org.dicomcnn.training.evaluate.Predictions;
import org.dicomcnn.training.evaluate.TestReport;
import org.dicomcnn.volume.SeriesLoader;

/**
 * Judges a model bundle on a phantom cohort it was not trained on, as the training run judges its
 * test split: one pass of the product's pipeline keeping every finding from
 * {@link TestReport#FINDING_FLOOR} up, then per class the series-level AUC, the detection at the
 * bundle's own operating point with the targets it missed, the FROC at
 * {@link DetectionEvaluation#CPM_RATES} false positives per study and the CPM. For comparing
 * recipes on a development cohort without touching the test split.
 *
 * <pre>
 * java -cp ... org.dicomcnn.bench.DetectionFroc BUNDLE COHORT_FOLDER [MAX_SERIES]
 * </pre>
 */
public final class DetectionFroc {

    private DetectionFroc() {}

    /**
     * @param args bundle folder or zip, cohort folder, optional series limit
     * @throws Exception if either cannot be read or the model fails
     */
    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ModelBundle.load(Path.of(args[0]));
        int maxSeries = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        List<LabelledSeries> data = DatasetBuilder.build(DicomIndex.scan(Path.of(args[1]), ProgressListener.NONE),
                new PhantomLabels(), "CT", new SeriesLoader(), ProgressListener.NONE);
        data = data.subList(0, Math.min(maxSeries, data.size()));
        Manifest m = bundle.manifest();
        long start = System.nanoTime();
        List<Predictions> predictions;
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.AUTO)) {
            predictions = new PredictionRunner(runtime, List.of(TestReport.settings(m))).run(data, ProgressListener.NONE);
        }
        System.out.printf(Locale.ROOT, "%s %s on %s: %d series in %.0f s%n", m.name(), m.version(), args[1], data.size(),
                (System.nanoTime() - start) / 1e9);
        List<DetectionEvaluation.StudyFindings> studies = Predictions.studyFindings(predictions, 0);
        for (int c = 0; c < m.classes().size(); c++) {
            String name = m.classes().get(c);
            Predictions.Scored series = Predictions.seriesLevel(predictions, c);
            System.out.printf(Locale.ROOT, "%s: series AUC %.3f (%d series)%n", name,
                    Roc.auc(series.scores(), series.positive()), series.scores().length);
            if (!DetectionEvaluation.judges(name)) {
                continue;
            }
            DetectionEvaluation.ClassResult atOperatingPoint = DetectionEvaluation.evaluate(studies, name, m.threshold(c));
            System.out.println("  at the operating point: " + atOperatingPoint);
            for (DetectionEvaluation.TargetOutcome t : atOperatingPoint.outcomes()) {
                if (!t.detected()) {
                    System.out.printf(Locale.ROOT, "    missed: %s study %s lesion %s, %s, %.1f mm, %.0f HU, %.2f mm slices%n",
                            t.patientKey(), t.studyInstanceUid(), t.lesionId(), t.lesionClass(), t.diameterMm(), t.meanHu(),
                            t.sliceThicknessMm());
                }
            }
            DetectionEvaluation.ClassResult all = DetectionEvaluation.evaluate(studies, name, Double.NEGATIVE_INFINITY);
            StringBuilder froc = new StringBuilder("  FROC (false positives per study: sensitivity)");
            for (DetectionEvaluation.FrocPoint p : all.froc(DetectionEvaluation.CPM_RATES)) {
                froc.append(String.format(Locale.ROOT, " %s: %d/%d %.3f;", TestReport.plain(p.maxFalsePositivesPerStudy()),
                        p.detected(), all.targets(), p.sensitivity()));
            }
            System.out.println(froc + String.format(Locale.ROOT, " CPM %.3f", all.cpm()));
        }
    }
}
