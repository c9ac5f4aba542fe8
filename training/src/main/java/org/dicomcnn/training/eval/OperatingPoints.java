package org.dicomcnn.training.eval;

import java.util.Arrays;

/**
 * Choosing and describing a decision threshold on a score.
 *
 * <p>Throughout, a sample is called positive when {@code score >= threshold}, and candidate
 * thresholds are the observed scores: between two consecutive distinct scores every threshold
 * makes the same decisions, and the observed score is the largest of them.
 *
 * <pre>{@code
 * double t = OperatingPoints.thresholdForSensitivity(validationProbabilities, validationTruth, 0.90);
 * OperatingPointResult onTest = OperatingPoints.at(testProbabilities, testTruth, t);
 * }</pre>
 */
public final class OperatingPoints {

    private OperatingPoints() {}

    /**
     * The largest threshold whose sensitivity reaches a target: the {@code k}-th highest positive
     * score, {@code k} being the fewest positives that make {@code k / positives >= target}
     * (evaluated in double arithmetic exactly as {@link ConfusionMatrix#sensitivity()} is, so the
     * returned threshold does reach the target when fed back). Tied scores at the threshold are
     * all called positive, so the sensitivity there may exceed the target.
     *
     * @param scores one score per sample, no NaN
     * @param positive the truth per sample; at least one positive
     * @param targetSensitivity the sensitivity to reach, in (0, 1]
     * @return the threshold, one of the positive scores
     * @throws IllegalArgumentException if the lengths differ, a score is NaN, there is no
     *     positive, or the target is outside (0, 1]
     */
    public static double thresholdForSensitivity(double[] scores, boolean[] positive, double targetSensitivity) {
        LabelledScores s = LabelledScores.of("scores", scores, positive);
        if (!(targetSensitivity > 0 && targetSensitivity <= 1)) {
            throw new IllegalArgumentException("targetSensitivity " + targetSensitivity + " must lie in (0, 1]");
        }
        if (s.positives() == 0) {
            throw new IllegalArgumentException("no positive samples among " + s.size()
                    + "; a threshold for a sensitivity needs at least one positive");
        }
        int n = s.positives();
        int k = (int) Math.min(n, Math.ceil(targetSensitivity * n));
        // targetSensitivity * n can round up across an integer (0.7 * 10 = 7.000000000000001)
        while (k > 1 && (double) (k - 1) / n >= targetSensitivity) {
            k--;
        }
        while (k < n && (double) k / n < targetSensitivity) {
            k++;
        }
        double[] positives = new double[n];
        for (int i = 0, j = 0; i < s.size(); i++) {
            if (s.isPositive(i)) {
                positives[j++] = s.score(i);
            }
        }
        Arrays.sort(positives);
        return positives[n - k];
    }

    /**
     * The threshold maximising Youden's J = sensitivity + specificity &minus; 1 (Youden 1950,
     * "Index for rating diagnostic tests", Cancer 3:32&ndash;35), the point of the ROC curve
     * farthest above the diagonal. J is compared exactly (as {@code TP&middot;N &minus;
     * FP&middot;P} in integers); when several thresholds share the maximum the largest, i.e. the
     * most specific, is returned.
     *
     * @param scores one score per sample, no NaN
     * @param positive the truth per sample; both classes present
     * @return the threshold, one of the scores
     * @throws IllegalArgumentException if the lengths differ, a score is NaN, or a class is missing
     */
    public static double youdenThreshold(double[] scores, boolean[] positive) {
        LabelledScores s = LabelledScores.of("scores", scores, positive).requireBothClasses("Youden's index");
        int[] order = s.ascendingOrder();
        int[] groups = s.tieGroupStarts(order);
        long tp = 0;
        long fp = 0;
        long bestScaledJ = Long.MIN_VALUE;
        double best = Double.NaN;
        // descending thresholds: the first maximum met is the largest threshold reaching it
        for (int g = groups.length - 2; g >= 0; g--) {
            for (int r = groups[g]; r < groups[g + 1]; r++) {
                if (s.isPositive(order[r])) {
                    tp++;
                } else {
                    fp++;
                }
            }
            long scaledJ = tp * s.negatives() - fp * s.positives();
            if (scaledJ > bestScaledJ) {
                bestScaledJ = scaledJ;
                best = s.score(order[groups[g]]);
            }
        }
        return best;
    }

    /**
     * The confusion matrix at a threshold, with sensitivity and specificity and their 95% Wilson
     * score intervals.
     *
     * @param scores one score per sample, no NaN
     * @param positive the truth per sample; both classes present
     * @param threshold the threshold at or above which a sample is called positive; not NaN
     * @return the operating point
     * @throws IllegalArgumentException if the lengths differ, a score or the threshold is NaN, or a
     *     class is missing
     */
    public static OperatingPointResult at(double[] scores, boolean[] positive, double threshold) {
        LabelledScores.of("scores", scores, positive).requireBothClasses("sensitivity and specificity");
        ConfusionMatrix m = ConfusionMatrix.at(scores, positive, threshold);
        return new OperatingPointResult(threshold, m,
                WilsonScore.interval(m.truePositives(), m.positives()),
                WilsonScore.interval(m.trueNegatives(), m.negatives()));
    }
}
