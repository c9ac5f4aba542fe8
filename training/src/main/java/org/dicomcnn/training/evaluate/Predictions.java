package org.dicomcnn.training.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.detection.DetectionEvaluation;

/**
 * What a bundle predicted for one labelled series.
 *
 * @param series the series and its labels
 * @param sliceProbabilities calibrated probability per slice and class
 * @param seriesProbabilities the series score per class
 * @param findings the findings of each detector setting, in the order the runner was given them
 * @param truth the phantom ground truth of its study, or null for other data
 */
public record Predictions(LabelledSeries series, double[][] sliceProbabilities, double[] seriesProbabilities,
        List<List<Finding>> findings, StudyTruth truth) {

    /** Checks the shape against the labels. */
    public Predictions {
        Objects.requireNonNull(series, "series");
        if (sliceProbabilities.length != series.slices()) {
            throw new IllegalArgumentException(sliceProbabilities.length + " slice probabilities for "
                    + series.slices() + " labelled slices");
        }
        findings = findings.stream().map(List::copyOf).toList();
    }

    /**
     * The findings of one detector and the truth, per series with phantom truth, for
     * {@link DetectionEvaluation}.
     *
     * @param predictions predictions
     * @param detector index of the detector setting
     * @return one entry per series that has ground truth
     */
    public static List<DetectionEvaluation.StudyFindings> studyFindings(List<Predictions> predictions, int detector) {
        List<DetectionEvaluation.StudyFindings> out = new ArrayList<>();
        for (Predictions p : predictions) {
            if (p.truth() != null) {
                out.add(new DetectionEvaluation.StudyFindings(p.truth(), p.findings().get(detector)));
            }
        }
        return out;
    }

    /**
     * Slice-level probabilities and truth of one class, over slices whose label is known.
     *
     * @param predictions predictions
     * @param c the class
     * @return scores and truth
     */
    public static Scored sliceLevel(List<Predictions> predictions, int c) {
        List<Double> p = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (Predictions pr : predictions) {
            boolean[][] known = pr.series().known();
            for (int k = 0; k < pr.series().slices(); k++) {
                if (known[k][c]) {
                    p.add(pr.sliceProbabilities()[k][c]);
                    y.add(pr.series().positive(k, c));
                }
            }
        }
        return Scored.of(p, y);
    }

    /**
     * Series-level scores and truth of one class, over series whose label is known.
     *
     * @param predictions predictions
     * @param c the class
     * @return scores and truth
     */
    public static Scored seriesLevel(List<Predictions> predictions, int c) {
        List<Double> p = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (Predictions pr : predictions) {
            if (pr.series().seriesKnown(c)) {
                p.add(pr.seriesProbabilities()[c]);
                y.add(pr.series().seriesPositive(c));
            }
        }
        return Scored.of(p, y);
    }

    /**
     * Scores with their truth.
     *
     * @param scores probabilities
     * @param positive truth
     */
    public record Scored(double[] scores, boolean[] positive) {
        static Scored of(List<Double> p, List<Boolean> y) {
            boolean[] b = new boolean[y.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = y.get(i);
            }
            return new Scored(p.stream().mapToDouble(Double::doubleValue).toArray(), b);
        }

        /** Number of positives. */
        public int positives() {
            int n = 0;
            for (boolean b : positive) {
                n += b ? 1 : 0;
            }
            return n;
        }

        /** Whether both classes occur (an AUC is defined). */
        public boolean hasBoth() {
            int p = positives();
            return p > 0 && p < positive.length;
        }
    }
}
