package org.dicomcnn.training.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.training.TrainingRun;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.ClassEvaluation;
import org.dicomcnn.training.eval.ConfusionMatrix;
import org.dicomcnn.training.eval.Evaluator;
import org.dicomcnn.training.eval.Interval;
import org.dicomcnn.training.eval.ReliabilityDiagram;

/**
 * The evaluation of a finished bundle on the test split: per class, slice-level and series-level
 * discrimination, operating point and calibration ({@link Evaluator}; the AUC with a stratified
 * interval and with one that resamples patients, whose series and slices are correlated); with
 * phantom ground truth, lesion detection by the chosen localisation method and by the
 * alternative, at the operating point and as a free-response ROC ({@link #settings}: one pass
 * collects every finding from {@link #FINDING_FLOOR} up; raising the threshold only drops
 * findings, see {@link DetectionEvaluation.ClassResult#froc}).
 *
 * @param method the bundle's localisation method
 * @param alternativeMethod the other method judged, or null
 * @param series test series judged
 * @param studies test studies with ground truth (detection), 0 without
 * @param slice per class, slice-level evaluation (absent when a class lacks positives or negatives)
 * @param seriesLevel per class, series-level evaluation
 * @param seriesExcluded per class, series whose series-level label is unknown
 * @param detection per class, detection by {@code method} at the operating point
 * @param detectionAtFloor per class, detection by {@code method} of every collected finding (the FROC)
 * @param alternativeDetection per class, detection by {@code alternativeMethod}
 * @param thresholds per class, the operating threshold
 * @param validation what the validation split showed when the operating points were chosen
 */
public record TestReport(String method, String alternativeMethod, int series, int studies,
        Map<String, ClassEvaluation> slice, Map<String, ClassEvaluation> seriesLevel, Map<String, Integer> seriesExcluded,
        Map<String, DetectionEvaluation.ClassResult> detection, Map<String, DetectionEvaluation.ClassResult> detectionAtFloor,
        Map<String, DetectionEvaluation.ClassResult> alternativeDetection, Map<String, Double> thresholds,
        Map<String, Object> validation) {

    /** Findings below this probability are not collected on the test split: the FROC's lowest threshold. */
    public static final double FINDING_FLOOR = TrainingRun.SWEEP_THRESHOLD;

    /**
     * The settings of a test pass: the bundle's localisation, with every finding from
     * {@link #FINDING_FLOOR} up, so that one pass gives the operating point and the FROC.
     *
     * @param manifest the bundle judged
     * @return the settings
     */
    public static FindingDetector.Settings settings(Manifest manifest) {
        return FindingDetector.Settings.forManifest(manifest).withThreshold(FINDING_FLOOR);
    }

    /**
     * Evaluates predictions.
     *
     * @param manifest the bundle judged (classes and operating points)
     * @param choice how its operating points were chosen
     * @param main predictions of the bundle, with {@link #settings}
     * @param alternative predictions with the alternative localisation, with {@link #settings} (may be empty)
     * @param resamples bootstrap resamples
     * @param seed bootstrap seed
     * @return the report
     */
    public static TestReport of(Manifest manifest, TrainingRun.Choice choice, List<Predictions> main,
            List<Predictions> alternative, int resamples, long seed) {
        Map<String, ClassEvaluation> slice = new LinkedHashMap<>();
        Map<String, ClassEvaluation> series = new LinkedHashMap<>();
        Map<String, Integer> excluded = new LinkedHashMap<>();
        Map<String, DetectionEvaluation.ClassResult> detection = new LinkedHashMap<>();
        Map<String, DetectionEvaluation.ClassResult> atFloor = new LinkedHashMap<>();
        Map<String, DetectionEvaluation.ClassResult> alt = new LinkedHashMap<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        List<DetectionEvaluation.StudyFindings> studies = Predictions.studyFindings(main, 0);
        List<DetectionEvaluation.StudyFindings> altStudies = alternative.isEmpty() ? List.of()
                : Predictions.studyFindings(alternative, 0);
        for (int c = 0; c < manifest.classes().size(); c++) {
            String name = manifest.classes().get(c);
            double t = manifest.threshold(c);
            thresholds.put(name, t);
            Predictions.Scored s = Predictions.sliceLevel(main, c);
            if (s.hasBoth()) {
                slice.put(name, Evaluator.evaluate(name, s.scores(), s.positive(), s.patientClusters(), t, resamples,
                        seed));
            }
            Predictions.Scored se = Predictions.seriesLevel(main, c);
            excluded.put(name, main.size() - se.scores().length);
            if (se.hasBoth()) {
                series.put(name, Evaluator.evaluate(name, se.scores(), se.positive(), se.patientClusters(), t,
                        resamples, seed));
            }
            if (!DetectionEvaluation.judges(name)) {
                continue;
            }
            if (!studies.isEmpty()) {
                detection.put(name, DetectionEvaluation.evaluate(studies, name, t));
                atFloor.put(name, DetectionEvaluation.evaluate(studies, name, FINDING_FLOOR));
            }
            if (!altStudies.isEmpty()) {
                Manifest.OperatingPoint altPoint = choice.alternativeThresholds() == null ? null
                        : choice.alternativeThresholds().get(name);
                alt.put(name, DetectionEvaluation.evaluate(altStudies, name, altPoint == null ? t : altPoint.threshold()));
            }
        }
        String method = manifest.classes().stream().filter(c -> !FindingDetector.isBackground(c))
                .map(c -> c + ": " + FindingDetector.placementOf(manifest, c)).collect(Collectors.joining("; "));
        return new TestReport(method, alt.isEmpty() ? null : choice.alternativeMethod(),
                main.size(), studies.size(), slice, series, excluded, detection, atFloor, alt, thresholds,
                choice.validation());
    }

    /**
     * The operating points for the manifest: each class's threshold with the series-level
     * sensitivity and specificity it gave on test.
     *
     * @return per class
     */
    public Map<String, Manifest.OperatingPoint> operatingPoints() {
        Map<String, Manifest.OperatingPoint> out = new LinkedHashMap<>();
        thresholds.forEach((name, t) -> {
            ClassEvaluation e = seriesLevel.get(name);
            out.put(name, e == null ? new Manifest.OperatingPoint(t, null, null) : new Manifest.OperatingPoint(t,
                    e.operatingPoint().sensitivity().estimate(), e.operatingPoint().specificity().estimate()));
        });
        return out;
    }

    /**
     * The headline figures for the manifest's {@code metrics}: per class, series- and slice-level
     * AUC with interval ({@code auc95ci}, stratified; {@code auc95ciPatients}, patients resampled,
     * when the split has two or more patients) and ECE, and detection sensitivity and false
     * positives per study.
     *
     * @return flat, sorted keys such as {@code test.series.nodule.auc}
     */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new TreeMap<>();
        m.put("test.seriesCount", series);
        seriesLevel.forEach((name, e) -> put(m, "test.series." + name, e));
        slice.forEach((name, e) -> put(m, "test.slice." + name, e));
        detection.forEach((name, r) -> {
            if (r.sensitivity() == null) {
                return;
            }
            m.put("test.detection." + name + ".sensitivity", round(r.sensitivity().estimate()));
            m.put("test.detection." + name + ".sensitivity95ci", interval(r.sensitivity()));
            m.put("test.detection." + name + ".falsePositivesPerStudy", round(r.falsePositivesPerStudy()));
            m.put("test.detection." + name + ".targets", r.targets());
            m.put("test.detection." + name + ".cpm", round(detectionAtFloor.get(name).cpm()));
        });
        return m;
    }

    private static void put(Map<String, Object> m, String key, ClassEvaluation e) {
        m.put(key + ".auc", round(e.auc().estimate()));
        m.put(key + ".auc95ci", interval(e.auc()));
        if (e.aucByPatient() != null) {
            m.put(key + ".auc95ciPatients", interval(e.aucByPatient()));
        }
        m.put(key + ".ece", round(e.ece()));
        m.put(key + ".positives", e.positives());
        m.put(key + ".negatives", e.negatives());
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static String interval(Interval i) {
        return String.format(Locale.ROOT, "%.4f-%.4f", i.lower(), i.upper());
    }

    /**
     * Writes {@code evaluation.json}, {@code detection-targets.csv} (with ground truth) and one
     * reliability diagram per class and level ({@code reliability-series-nodule.png},
     * {@code reliability-slice-nodule.png}, ...).
     *
     * @param dir the bundle folder
     * @throws IOException if a file cannot be written
     */
    public void write(Path dir) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("localisationMethod", method);
        doc.put("testSeries", series);
        doc.put("testStudiesWithGroundTruth", studies);
        doc.put("thresholds", thresholds);
        doc.put("seriesLevel", describe(seriesLevel));
        doc.put("seriesExcludedAsUnknown", seriesExcluded);
        doc.put("sliceLevel", describe(slice));
        doc.put("detection", describeDetection(detection));
        doc.put("froc", describeFroc(detectionAtFloor));
        if (alternativeMethod != null) {
            doc.put("alternativeLocalisationMethod", alternativeMethod);
            doc.put("alternativeDetection", describeDetection(alternativeDetection));
        }
        doc.put("validation", validation);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("evaluation.json").toFile(),
                doc);
        if (!detection.isEmpty()) {
            writeTargets(dir.resolve("detection-targets.csv"));
        }
        for (var e : seriesLevel.entrySet()) {
            ReliabilityDiagram.write(dir.resolve("reliability-series-" + e.getKey() + ".png"),
                    e.getKey() + ", series level, test split", e.getValue().reliability(), e.getValue().ece());
        }
        for (var e : slice.entrySet()) {
            ReliabilityDiagram.write(dir.resolve("reliability-slice-" + e.getKey() + ".png"),
                    e.getKey() + ", slice level, test split", e.getValue().reliability(), e.getValue().ece());
        }
    }

    private static Map<String, Object> describe(Map<String, ClassEvaluation> evaluations) {
        Map<String, Object> out = new LinkedHashMap<>();
        evaluations.forEach((name, e) -> {
            ConfusionMatrix m = e.operatingPoint().confusion();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("positives", e.positives());
            d.put("negatives", e.negatives());
            d.put("auc", e.auc());
            if (e.aucByPatient() != null) {
                d.put("aucPatientBootstrap", e.aucByPatient());
            }
            d.put("threshold", e.operatingPoint().threshold());
            d.put("sensitivity", e.operatingPoint().sensitivity());
            d.put("specificity", e.operatingPoint().specificity());
            // sorted keys: Map.of iterates in an order that changes from one JVM to the next
            d.put("confusion", new TreeMap<>(Map.of("truePositives", m.truePositives(), "falsePositives",
                    m.falsePositives(), "trueNegatives", m.trueNegatives(), "falseNegatives", m.falseNegatives())));
            d.put("ece", e.ece());
            d.put("reliabilityBins", e.reliability().bins());
            out.put(name, d);
        });
        return out;
    }

    /** Resamples and seed of the patient bootstrap of detection sensitivity. */
    public static final int DETECTION_RESAMPLES = 2000;
    public static final long DETECTION_SEED = 20261126L;

    /** Upper bounds of the diameter and slice-thickness groups of the detection breakdown, mm. */
    static final double[] DIAMETER_BANDS_MM = {8, 12, 20};
    static final double[] THICKNESS_BANDS_MM = {1.5, 3};

    /** "below 8", "8 to 12", ..., "20 and above" for bounds 8, 12, 20; null for NaN. */
    static String band(double value, double[] bounds) {
        if (Double.isNaN(value)) {
            return null;
        }
        for (int i = 0; i < bounds.length; i++) {
            if (value < bounds[i]) {
                return i == 0 ? "a: below " + plain(bounds[0])
                        : (char) ('a' + i) + ": " + plain(bounds[i - 1]) + " to " + plain(bounds[i]);
            }
        }
        return (char) ('a' + bounds.length) + ": " + plain(bounds[bounds.length - 1]) + " and above";
    }

    /** A number without trailing zeros or exponent: 8, 0.125, 1.5. */
    public static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Object> counts(java.util.SortedMap<String, int[]> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.forEach((k, n) -> out.put(k, new TreeMap<>(Map.of("targets", n[0], "detected", n[1]))));
        return out;
    }

    /**
     * Writes {@code detection-targets.csv}: one row per target lesion of the judged classes with
     * what became of it (study UID, lesion id, class, size, attenuation, slice thickness, detected,
     * probability, centre error). Patient identifiers are not in it.
     */
    private void writeTargets(Path file) throws IOException {
        StringBuilder s = new StringBuilder("class,study_instance_uid,lesion_id,lesion_class,diameter_mm,mean_hu,"
                + "slice_thickness_mm,detected,probability,centre_error_mm\n");
        detection.forEach((name, r) -> {
            for (DetectionEvaluation.TargetOutcome o : r.outcomes()) {
                s.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.2f,%.0f,%.2f,%b,%s,%s%n", name, o.studyInstanceUid(),
                        o.lesionId(), o.lesionClass(), o.diameterMm(), o.meanHu(), o.sliceThicknessMm(), o.detected(),
                        o.detected() ? String.format(Locale.ROOT, "%.4f", o.probability()) : "",
                        o.detected() ? String.format(Locale.ROOT, "%.2f", o.centreErrorMm()) : ""));
            }
        });
        java.nio.file.Files.writeString(file, s);
    }

    private static Map<String, Object> describeFroc(Map<String, DetectionEvaluation.ClassResult> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        results.forEach((name, r) -> {
            if (r.targets() > 0) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("findingFloor", FINDING_FLOOR);
                d.put("cpm", r.cpm());
                d.put("points", r.froc(DetectionEvaluation.CPM_RATES));
                out.put(name, d);
            }
        });
        return out;
    }

    private static Map<String, Object> describeDetection(Map<String, DetectionEvaluation.ClassResult> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        results.forEach((name, r) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("targets", r.targets());
            d.put("detected", r.detected());
            d.put("sensitivity", r.sensitivity());
            d.put("sensitivityPatientBootstrap", r.sensitivityByPatient(DETECTION_RESAMPLES, DETECTION_SEED));
            d.put("patients", r.outcomes().stream().map(DetectionEvaluation.TargetOutcome::patientKey).distinct()
                    .count());
            d.put("falsePositives", r.falsePositives());
            d.put("falsePositivesPerStudy", r.falsePositivesPerStudy());
            d.put("meanCentreErrorMm", r.meanCentreErrorMm());
            d.put("maxCentreErrorMm", r.maxCentreErrorMm());
            d.put("byLesionClass", counts(r.breakdown(DetectionEvaluation.TargetOutcome::lesionClass)));
            d.put("byDiameterMm", counts(r.breakdown(o -> band(o.diameterMm(), DIAMETER_BANDS_MM))));
            d.put("bySliceThicknessMm", counts(r.breakdown(o -> band(o.sliceThicknessMm(), THICKNESS_BANDS_MM))));
            out.put(name, d);
        });
        return out;
    }
}
