package org.dicomcnn.training.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
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
        s.append("- Localisation: ").append(m.localisation().method()).append(" for nodules")
                .append(m.localisation().method().equals(Manifest.LocalisationSpec.METHOD_REGION_SCORING)
                        ? ", Grad-CAM for effusions" : "").append('\n');
        s.append("- Weights: `").append(m.weights().file()).append("`, SHA-256 `").append(m.weights().sha256())
                .append("`\n\n");
        s.append("## Data\n\n");
        s.append(dataset == null ? "(not described)" : dataset).append("\n\n");
        s.append(String.format(Locale.ROOT, "Split by patient (`split.json` lists one-way patient keys and study UIDs "
                + "per part): %d training series, %d validation series, %d test series.%n%n", trainSeries,
                validationSeries, report.series()));
        s.append("## Training\n\n");
        EpochLog.Row best = trained.rows().stream().filter(r -> r.epoch() == trained.bestEpoch()).findFirst()
                .orElse(null);
        s.append(String.format(Locale.ROOT, "%d epochs run; epoch %d kept (mean validation slice AUC %.4f).",
                trained.rows().size(), trained.bestEpoch(), trained.bestMeanAuc()));
        if (best != null) {
            s.append(String.format(Locale.ROOT, " Throughput in the kept epoch %.1f images/s on this machine.",
                    best.imagesPerSecond()));
        }
        s.append(" Every epoch is in `training-log.csv`; the seed is ").append(m.provenance().seed())
                .append(".\n\n");
        s.append("## Test results\n\n");
        s.append("Figures from the test split only, which played no part in training or in choosing thresholds. ")
                .append("Intervals are 95%: stratified bootstrap for AUC, Wilson score for proportions.\n\n");
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
            s.append("| Localisation | Class | Detected / targets | Sensitivity (95% CI) | False positives per study "
                    + "| Centre error mean / max (mm) |\n|---|---|---|---|---|---|\n");
            detection(s, report.method() + " (shipped)", report.detection());
            if (report.alternativeMethod() != null) {
                detection(s, report.alternativeMethod(), report.alternativeDetection());
            }
            s.append('\n');
        }
        s.append("Reliability diagrams: `reliability-series-<class>.png`, `reliability-slice-<class>.png`. ")
                .append("All figures: `evaluation.json`.\n\n");
        s.append("## Limits\n\n");
        s.append("- Synthetic phantoms only: real CT has anatomy, pathology, noise, artefacts and scanners these "
                + "phantoms do not imitate; expect far lower performance on patient data until retrained on it.\n");
        s.append("- Two classes only (nodule, effusion). Nodules below 6 mm are not targets; nothing else (masses, "
                + "consolidation, emphysema, fractures) is recognised.\n");
        s.append("- Slices are classified one at a time with a little neighbouring context; series scores are the "
                + "highest mean of three adjacent slices.\n");
        s.append("- Probabilities are calibrated on synthetic validation data; their calibration elsewhere is "
                + "unknown.\n");
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder s, String level, Map<String, ClassEvaluation> evaluations) {
        evaluations.forEach((name, e) -> s.append(String.format(Locale.ROOT,
                "| %s | %s | %d | %d | %s | %.4g | %s | %s | %.3f |%n", name, level, e.positives(), e.negatives(),
                ci(e.auc()), e.operatingPoint().threshold(), ci(e.operatingPoint().sensitivity()),
                ci(e.operatingPoint().specificity()), e.ece())));
    }

    private static void detection(StringBuilder s, String method, Map<String, DetectionEvaluation.ClassResult> r) {
        r.forEach((name, d) -> s.append(String.format(Locale.ROOT, "| %s | %s | %d / %d | %s | %.2f | %.1f / %.1f |%n",
                method, name, d.detected(), d.targets(), d.sensitivity() == null ? "-" : ci(d.sensitivity()), d.falsePositivesPerStudy(),
                d.meanCentreErrorMm(), d.maxCentreErrorMm())));
    }

    private static String ci(Interval i) {
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", i.estimate(), i.lower(), i.upper());
    }
}
