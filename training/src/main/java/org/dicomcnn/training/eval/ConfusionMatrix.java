package org.dicomcnn.training.eval;

/**
 * The four counts of a binary decision against the truth.
 *
 * <p>The ratios are NaN when their denominator is zero (sensitivity without positives,
 * specificity without negatives, precision when nothing is called positive); they are never
 * silently 0 or 1.
 *
 * @param truePositives positives called positive, at least 0
 * @param falsePositives negatives called positive, at least 0
 * @param trueNegatives negatives called negative, at least 0
 * @param falseNegatives positives called negative, at least 0
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    /** Checks that no count is negative. */
    public ConfusionMatrix {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("confusion counts TP " + truePositives + ", FP " + falsePositives
                    + ", TN " + trueNegatives + ", FN " + falseNegatives + " must not be negative");
        }
    }

    /**
     * Counts the decisions {@code score >= threshold} against the labels.
     *
     * @param scores one score per sample, no NaN
     * @param positive the truth per sample, as long as {@code scores}
     * @param threshold the threshold at or above which a sample is called positive; not NaN
     * @return the counts
     * @throws IllegalArgumentException if the arrays differ in length, are empty, a score is NaN
     *     or the threshold is NaN
     */
    public static ConfusionMatrix at(double[] scores, boolean[] positive, double threshold) {
        LabelledScores s = LabelledScores.of("scores", scores, positive);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN; it must be a number");
        }
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= threshold) {
                if (positive[i]) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return new ConfusionMatrix(tp, fp, s.negatives() - fp, s.positives() - tp);
    }

    /**
     * All samples counted.
     *
     * @return TP + FP + TN + FN
     */
    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /**
     * The positives in the truth.
     *
     * @return TP + FN
     */
    public long positives() {
        return truePositives + falseNegatives;
    }

    /**
     * The negatives in the truth.
     *
     * @return TN + FP
     */
    public long negatives() {
        return trueNegatives + falsePositives;
    }

    /**
     * Sensitivity (recall, true-positive rate).
     *
     * @return TP / (TP + FN), NaN without positives
     */
    public double sensitivity() {
        return ratio(truePositives, positives());
    }

    /**
     * Specificity (true-negative rate).
     *
     * @return TN / (TN + FP), NaN without negatives
     */
    public double specificity() {
        return ratio(trueNegatives, negatives());
    }

    /**
     * Precision (positive predictive value).
     *
     * @return TP / (TP + FP), NaN when nothing is called positive
     */
    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /**
     * Accuracy.
     *
     * @return (TP + TN) / total, NaN for an empty matrix
     */
    public double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
