package org.dicomcnn.training.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dicomcnn.localize.EffusionSegmenter;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.ClassEvaluation;
import org.dicomcnn.training.eval.Interval;
import org.dicomcnn.training.evaluate.TestReport;
import org.dicomcnn.training.train.EpochLog;
import org.dicomcnn.training.train.ModelTrainer;

/**
 * Writes a bundle's model card ({@code model-card.md}): intended use (research only), the model,
 * the data and split, training, calibration, the test figures with their intervals, and limits.
 * Every figure comes from the run; nothing is typed in by hand.
 */
public final class ModelCard {

    private ModelCard() {}

    /**
     * Writes the card.
     *
     * @param file where to write
     * @param m the finished manifest
     * @param report the test evaluation
     * @param trained the training result
     * @param dataset a description of the data
     * @param trainSeries training series
     * @param validationSeries validation series
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, Manifest m, TestReport report, ModelTrainer.Result trained, String dataset,
            int trainSeries, int validationSeries) throws IOException {
        write(file, m, report, trained, dataset, trainSeries, validationSeries, null);
    }

    /**
     * What the model card says about a candidate stage.
     *
     * @param className the class it detects
     * @param stage its manifest
     * @param maxCandidates blob candidates per series
     * @param groundGlass ground-glass cores per series besides them
     * @param trainSeries training series it was proposed on
     * @param trainCandidates training candidates (with the true nodule centres added)
     * @param trainPositives of which positive
     * @param validationSeries validation series
     * @param validationCandidates proposed validation candidates
     * @param validationPositives of which positive
     * @param trained its training result
     * @param firstRound the first round's result when a hard-negative round followed, else null
     * @param hardNegatives hard negatives of that round
     * @param members training results of an ensemble's other networks (empty for one network)
     * @param maxFalsePositivesPerStudy the operating point's limit on validation
     */
    public record StageSummary(String className, Manifest stage, int maxCandidates, int groundGlass, int trainSeries,
            int trainCandidates, long trainPositives, int validationSeries, int validationCandidates,
            long validationPositives, ModelTrainer.Result trained, ModelTrainer.Result firstRound, int hardNegatives,
            List<ModelTrainer.Result> members, double maxFalsePositivesPerStudy) {}

    /**
     * Writes the card of a bundle, with a candidate stage's section when it has one.
     *
     * @param file where to write
     * @param m the finished manifest
     * @param report the test evaluation
     * @param trained the main model's training result, or null when it was trained by an earlier run
     *     (its log is the bundle's {@code training-log.csv})
     * @param dataset a description of the data
     * @param trainSeries training series
     * @param validationSeries validation series
     * @param stage the candidate stage, or null
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, Manifest m, TestReport report, ModelTrainer.Result trained, String dataset,
            int trainSeries, int validationSeries, StageSummary stage) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# Model card: ").append(m.name()).append(' ').append(m.version()).append("\n\n");
        s.append("## Intended use\n\n");
        s.append("For research only. Not a medical device; not for diagnosis, triage or any clinical decision. ")
                .append("Trained and tested on synthetic CT phantoms, not on patient data: it shows that the ")
                .append("pipeline works end to end and is a baseline for models trained on real data with ")
                .append("the same `training` module.\n\n");
        s.append("## Model\n\n");
        Manifest.InputSpec in = m.input();
        s.append("- Task: ").append(m.task()).append(", classes ").append(String.join(", ", m.classes())).append('\n');
        s.append("- Architecture: ").append(m.architecture().label()).append(" (DJL, PyTorch engine)\n");
        s.append(String.format(Locale.ROOT, "- Input: %s, %d x %d pixels at %.2f mm, %d channel(s): windows %s, "
                + "slice context %d at %.1f mm; normalised with mean %.3f, std %.3f%n", in.modality(), in.size(),
                in.size(), in.pixelSpacingMm(), in.channels(), in.windows().stream()
                        .map(w -> String.format(Locale.ROOT, "%.0f/%.0f HU", w.centreHu(), w.widthHu())).toList(),
                in.sliceContext(), in.contextSpacingMm(), in.mean(), in.std()));
        s.append(String.format(Locale.ROOT, "- Calibration: %s, T = %.3f, fitted on the validation slices%n",
                m.calibration().method(), m.calibration().temperature()));
        s.append("- Localisation (docs/localisation.md): ").append(report.method()).append('\n');
        s.append("- Weights: `").append(m.weights().file()).append("`, SHA-256 `").append(m.weights().sha256())
                .append("`\n\n");
        s.append("## Data\n\n");
        s.append(dataset == null ? "(not described)" : dataset).append("\n\n");
        s.append(String.format(Locale.ROOT, "Split by patient (`split.json` lists one-way patient keys and study UIDs "
                + "per part): %d training series, %d validation series, %d test series.%n%n", trainSeries,
                validationSeries, report.series()));
        s.append("## Training\n\n");
        if (trained != null) {
            training(s, trained, "mean validation slice AUC");
        } else {
            s.append(String.format(Locale.ROOT, "Slice model: trained by an earlier run, epoch %s kept (%s).",
                    m.provenance().epochs(), m.provenance().notes()));
        }
        s.append(" Every epoch is in `training-log.csv`; the seed is ").append(m.provenance().seed())
                .append(".\n\n");
        if (stage != null) {
            stage(s, stage);
        }
        s.append("## Test results\n\n");
        s.append("Figures from the test split only, which played no part in training or in choosing thresholds. ")
                .append("Intervals are 95%: stratified bootstrap for AUC, Wilson score for proportions.");
        boolean byPatient = Stream.of(report.seriesLevel(), report.slice())
                .flatMap(e -> e.values().stream()).anyMatch(e -> e.aucByPatient() != null);
        if (byPatient) {
            s.append(" After \"patients\" the AUC has a second interval, from a bootstrap that resamples patients: ")
                    .append("a patient's series (and slices) are correlated, not independent, so this wider ")
                    .append("interval is the honest one.");
        }
        s.append("\n\n");
        s.append("| Class | Level | Positives | Negatives | AUC (95% CI) | Threshold | Sensitivity (95% CI) "
                + "| Specificity (95% CI) | ECE |\n|---|---|---|---|---|---|---|---|---|\n");
        row(s, "series", report.seriesLevel());
        row(s, "slice", report.slice());
        s.append('\n');
        report.seriesExcluded().forEach((name, n) -> {
            if (n > 0) {
                s.append(String.format(Locale.ROOT, "Series-level %s excludes %d series whose label is unknown "
                        + "(for nodules: the largest nodule is 4-6 mm).%n", name, n));
            }
        });
        if (!report.detection().isEmpty()) {
            s.append(String.format(Locale.ROOT, "%n### Detection (%d test studies)%n%nA finding is a hit when its "
                    + "centre lies within %.0f mm of the centre of a present nodule at least %.0f mm across, or, for "
                    + "an effusion (every one counts), within half the effusion's smallest extent of its centroid; "
                    + "other findings are false positives, except on smaller nodules.%n%n",
                    report.studies(), DetectionEvaluation.MAX_CENTRE_DISTANCE_MM, DetectionEvaluation.MIN_TARGET_MM));
            s.append("| Localisation | Class | Detected / targets | Sensitivity (95% CI: Wilson; patients resampled) "
                    + "| False positives per study | Centre error mean / max (mm) |\n|---|---|---|---|---|---|\n");
            detection(s, c -> FindingDetector.placementOf(m, c) + " (shipped)", report.detection());
            if (report.alternativeMethod() != null) {
                detection(s, c -> report.alternativeMethod(), report.alternativeDetection());
            }
            s.append('\n');
            froc(s, report);
        }
        s.append("Reliability diagrams: `reliability-series-<class>.png`, `reliability-slice-<class>.png`. ")
                .append("All figures: `evaluation.json`.\n\n");
        s.append("## Limits\n\n");
        s.append("- Synthetic phantoms only: real CT has anatomy, pathology, noise, artefacts and scanners these "
                + "phantoms do not imitate; expect far lower performance on patient data until retrained on it.\n");
        s.append("- Two classes only (nodule, effusion). Nodules below 6 mm are not targets; nothing else (masses, "
                + "consolidation, emphysema, fractures) is recognised.\n");
        s.append("- Slices are classified one at a time with a little neighbouring context; series scores are the "
                + "highest mean of three adjacent slices")
                .append(stage == null ? ".\n" : ", except for " + stage.className() + ", whose series score is its "
                        + "best candidate's probability: calibrated for a candidate, not for a series (see the "
                        + "series ECE).\n");
        if (stage != null) {
            s.append(stage.groundGlass() == 0
                    ? "- The candidate stage finds only what the blob filter proposes (its " + stage.maxCandidates()
                            + " highest-ranked candidates per series); the faintest ground-glass nodules rank below "
                            + "vessel branchings and are not proposed.\n"
                    : "- The candidate stage finds only what its proposers find (the blob filter's "
                            + stage.maxCandidates() + " highest-ranked candidates and up to " + stage.groundGlass()
                            + " ground-glass cores per series); faint ground glass narrower than about 6 mm beside "
                            + "brighter structures is not proposed.\n");
        }
        if (m.classes().stream().anyMatch(c -> FindingDetector.placementOf(m, c).equals(EffusionSegmenter.METHOD))) {
            s.append("- Effusions are placed by fluid segmentation behind the dependent edge of aerated lung, which "
                    + "assumes a supine patient (fluid lying posteriorly); fluid with no aerated lung above it (at the "
                    + "bases and apices) is missed, so volumes are under-estimated (docs/benchmarks.md), and a "
                    + "prone or decubitus study is not handled.\n");
        }
        s.append("- Probabilities are calibrated on synthetic validation data; their calibration elsewhere is "
                + "unknown.\n");
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }

    private static void training(StringBuilder s, ModelTrainer.Result trained, String auc) {
        EpochLog.Row best = trained.rows().stream().filter(r -> r.epoch() == trained.bestEpoch()).findFirst()
                .orElse(null);
        s.append(String.format(Locale.ROOT, "%d epochs run; epoch %d kept (%s %.4f).", trained.rows().size(),
                trained.bestEpoch(), auc, trained.bestMeanAuc()));
        if (best != null) {
            s.append(String.format(Locale.ROOT, " Throughput in the kept epoch %.1f images/s on this machine.",
                    best.imagesPerSecond()));
        }
    }

    private static void stage(StringBuilder s, StageSummary st) {
        Manifest m = st.stage();
        Manifest.InputSpec in = m.input();
        s.append("## ").append(st.className()).append(" candidate stage\n\n");
        s.append(String.format(Locale.ROOT, "Up to %d candidates per series are proposed by a multi-scale 3-D blob "
                + "filter in the lung fields%s and scored by a second network (%s) on triplanar patches (axial, coronal, "
                + "sagittal; %d x %d pixels at %.2f mm%s, window %.0f/%.0f HU). Candidates at or above the operating "
                + "point are the %s findings; the series score is the best candidate's probability.%n%n",
                st.maxCandidates(), st.groundGlass() == 0 ? "" : String.format(Locale.ROOT, ", with up to %d "
                        + "ground-glass cores (lung of -750 to -350 HU after smoothing, eroded by a 3 mm ball)",
                        st.groundGlass()), m.architecture().label(), in.size(), in.size(), in.pixelSpacingMm(),
                in.contextSpacingMm() > 0 ? String.format(Locale.ROOT, ", and the same planes at %.2f mm for context",
                        in.contextSpacingMm()) : "",
                in.windows().get(0).centreHu(), in.windows().get(0).widthHu(), st.className()));
        s.append(String.format(Locale.ROOT, "- Training: %d candidates (%d positive, true nodule centres included) "
                + "from %d training series; ", st.trainCandidates(), st.trainPositives(), st.trainSeries()));
        boolean hardRound = st.firstRound() != null;
        s.append(hardRound ? "first round: " : "");
        training(s, hardRound ? st.firstRound() : st.trained(), "validation candidate AUC");
        s.append(String.format(Locale.ROOT, " Log: `%s-candidates-training-log.csv`.%n", st.className()));
        if (hardRound) {
            s.append(String.format(Locale.ROOT, "- Hard-negative round, from the first round's weights: the %d "
                    + "training negatives it scored highest, as many random others and every positive; ",
                    st.hardNegatives()));
            training(s, st.trained(), "validation candidate AUC");
            s.append(String.format(Locale.ROOT, " Log: `%s-candidates-hard-negatives-log.csv`.%n", st.className()));
        }
        long seed = m.provenance() == null || m.provenance().seed() == null ? 0 : m.provenance().seed();
        for (int k = 2; k <= st.members().size() + 1; k++) {
            s.append(String.format(Locale.ROOT, "- Ensemble network %d of %d, trained alike from seed %d; ", k,
                    st.members().size() + 1, seed + k - 1));
            training(s, st.members().get(k - 2), "validation candidate AUC");
            s.append(String.format(Locale.ROOT, " Log: `%s-candidates-%d-training-log.csv`.%n", st.className(), k));
        }
        if (!st.members().isEmpty()) {
            s.append(String.format(Locale.ROOT, "- Each candidate's logit is the mean over the %d networks (each over "
                    + "its mirrorings), calibrated and thresholded as one model.%n", st.members().size() + 1));
        }
        s.append(String.format(Locale.ROOT, "- Validation: %d proposed candidates (%d within 5 mm of a nodule of 6 mm "
                + "or more) in %d series; temperature T = %.3f; operating point %.4g, the most sensitive threshold "
                + "with at most %.2f false positive(s) per study there.%n%n", st.validationCandidates(),
                st.validationPositives(), st.validationSeries(), m.calibration().temperature(),
                m.threshold(0), st.maxFalsePositivesPerStudy()));
    }

    private static void row(StringBuilder s, String level, Map<String, ClassEvaluation> evaluations) {
        evaluations.forEach((name, e) -> s.append(String.format(Locale.ROOT,
                "| %s | %s | %d | %d | %s | %.4g | %s | %s | %.3f |%n", name, level, e.positives(), e.negatives(),
                auc(e), e.operatingPoint().threshold(), ci(e.operatingPoint().sensitivity()),
                ci(e.operatingPoint().specificity()), e.ece())));
    }

    /** "0.940 (0.906-0.976)", the stratified interval, then "; patients 0.880-0.990" when there is one. */
    private static String auc(ClassEvaluation e) {
        Interval byPatient = e.aucByPatient();
        return ci(e.auc()) + (byPatient == null ? ""
                : String.format(Locale.ROOT, "; patients %.3f-%.3f", byPatient.lower(), byPatient.upper()));
    }

    private static void detection(StringBuilder s, java.util.function.UnaryOperator<String> method,
            Map<String, DetectionEvaluation.ClassResult> r) {
        r.forEach((name, d) -> {
            Interval byPatient = d.sensitivityByPatient(TestReport.DETECTION_RESAMPLES, TestReport.DETECTION_SEED);
            s.append(String.format(Locale.ROOT, "| %s | %s | %d / %d | %s | %.2f | %.1f / %.1f |%n", method.apply(name),
                    name, d.detected(), d.targets(), d.sensitivity() == null ? "-" : ci(d.sensitivity())
                            + String.format(Locale.ROOT, "; %.3f-%.3f", byPatient.lower(), byPatient.upper()),
                    d.falsePositivesPerStudy(), d.meanCentreErrorMm(), d.maxCentreErrorMm()));
        });
    }

    /** One line per class: sensitivity at 1/8 to 8 false positives per study, and their mean (CPM). */
    private static void froc(StringBuilder s, TestReport report) {
        report.detectionAtFloor().forEach((name, r) -> {
            if (r.targets() == 0) {
                return;
            }
            StringBuilder points = new StringBuilder();
            for (DetectionEvaluation.FrocPoint p : r.froc(DetectionEvaluation.CPM_RATES)) {
                points.append(String.format(Locale.ROOT, "%s%.3f at %s", points.length() == 0 ? "" : ", ",
                        p.sensitivity(), TestReport.plain(p.maxFalsePositivesPerStudy())));
            }
            s.append(String.format(Locale.ROOT, "FROC, %s (every finding from %.2f up; sensitivity at false positives "
                    + "per study): %s; CPM (their mean) %.3f.%n%n", name, TestReport.FINDING_FLOOR, points, r.cpm()));
        });
    }

    private static String ci(Interval i) {
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", i.estimate(), i.lower(), i.upper());
    }
}
