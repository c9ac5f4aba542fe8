package org.dicomcnn.training.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.Roc;

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
     * Slice-level probabilities and truth of one class, over slices whose label is known, each
     * with its patient's key.
     *
     * @param predictions predictions
     * @param c the class
     * @return scores, truth and patient keys
     */
    public static Scored sliceLevel(List<Predictions> predictions, int c) {
        List<Double> p = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        for (Predictions pr : predictions) {
            boolean[][] known = pr.series().known();
            for (int k = 0; k < pr.series().slices(); k++) {
                if (known[k][c]) {
                    p.add(pr.sliceProbabilities()[k][c]);
                    y.add(pr.series().positive(k, c));
                    patients.add(pr.series().patientKey());
                }
            }
        }
        return Scored.of(p, y, patients);
    }

    /**
     * Series-level scores and truth of one class, over series whose label is known, each with its
     * patient's key (a patient's studies are series of one cluster).
     *
     * @param predictions predictions
     * @param c the class
     * @return scores, truth and patient keys
     */
    public static Scored seriesLevel(List<Predictions> predictions, int c) {
        List<Double> p = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        for (Predictions pr : predictions) {
            if (pr.series().seriesKnown(c)) {
                p.add(pr.seriesProbabilities()[c]);
                y.add(pr.series().seriesPositive(c));
                patients.add(pr.series().patientKey());
            }
        }
        return Scored.of(p, y, patients);
    }

    /**
     * Scores with their truth and the patient of each.
     *
     * @param scores probabilities
     * @param positive truth
     * @param patientKeys the one-way patient key of each score, or null when unknown
     */
    public record Scored(double[] scores, boolean[] positive, String[] patientKeys) {

        /** Checks that there is a patient key per score, when there are keys. */
        public Scored {
            if (patientKeys != null && patientKeys.length != scores.length) {
                throw new IllegalArgumentException(patientKeys.length + " patient keys for " + scores.length
                        + " scores");
            }
        }

        /**
         * Scores with their truth, patients unknown.
         *
         * @param scores probabilities
         * @param positive truth
         */
        public Scored(double[] scores, boolean[] positive) {
            this(scores, positive, null);
        }

        static Scored of(List<Double> p, List<Boolean> y, List<String> patients) {
            boolean[] b = new boolean[y.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = y.get(i);
            }
            return new Scored(p.stream().mapToDouble(Double::doubleValue).toArray(), b,
                    patients.toArray(String[]::new));
        }

        /**
         * The patient keys for a bootstrap over patients: {@link #patientKeys()} when they name at
         * least {@value Roc#MIN_BOOTSTRAP_CLUSTERS} patients, otherwise null (with one patient there
         * is nothing to resample).
         *
         * @return the keys or null
         */
        public String[] patientClusters() {
            if (patientKeys == null || Arrays.stream(patientKeys).distinct().count() < Roc.MIN_BOOTSTRAP_CLUSTERS) {
                return null;
            }
            return patientKeys;
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
