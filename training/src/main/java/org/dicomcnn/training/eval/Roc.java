package org.dicomcnn.training.eval;

import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The receiver operating characteristic of a score against binary labels: the area under it
 * (AUC) with a bootstrap interval, and the curve itself.
 *
 * <p><b>AUC</b> is the Mann&ndash;Whitney U statistic divided by the number of positive-negative
 * pairs: the probability that a random positive scores above a random negative, a tie counting
 * one half,
 * <pre>
 *   AUC = (1 / (n&#8330; n&#8331;)) &Sigma;&#7522; &Sigma;&#11388; [ 1(s&#7522; &gt; s&#11388;) + &frac12; 1(s&#7522; = s&#11388;) ]
 * </pre>
 * over positives {@code i} and negatives {@code j} (Hanley &amp; McNeil 1982). It equals the
 * trapezoidal area under the empirical ROC curve, ties included. It is computed exactly in
 * O(n log n): one sort, then a sweep over groups of equal scores that accumulates twice U as a
 * {@code long}, so the only rounding is the final division.
 *
 * <p><b>Confidence interval.</b> {@link #aucWithBootstrap} resamples positives and negatives
 * separately (a stratified bootstrap, so every resample holds both classes in their original
 * numbers) and reports the 2.5th and 97.5th percentiles of the resampled AUCs (the percentile
 * method; Efron &amp; Tibshirani 1993, ch. 13) around the AUC of the full sample. DeLong, DeLong
 * &amp; Clarke-Pearson (1988) give an asymptotic alternative; the bootstrap is used here because
 * it needs no normal approximation for small or extreme AUCs.
 *
 * <p>References: J. A. Hanley, B. J. McNeil, "The meaning and use of the area under a receiver
 * operating characteristic (ROC) curve", Radiology 143 (1982) 29&ndash;36. E. R. DeLong et al.,
 * "Comparing the areas under two or more correlated ROC curves: a nonparametric approach",
 * Biometrics 44 (1988) 837&ndash;845.
 *
 * <pre>{@code
 * Interval auc = Roc.aucWithBootstrap(probabilities, isNodule, 2000, 42L);
 * log.info("AUC {} [{}, {}]", auc.estimate(), auc.lower(), auc.upper());
 * }</pre>
 */
public final class Roc {

    /** The fewest bootstrap resamples accepted: fewer leave the 2.5% tail to one or two draws. */
    public static final int MIN_BOOTSTRAP_RESAMPLES = 100;

    private static final String AUC = "AUC";

    private Roc() {}

    /**
     * The area under the ROC curve, exactly, by the Mann&ndash;Whitney statistic with ties
     * counted one half.
     *
     * @param scores one score per sample; higher means more likely positive; no NaN (infinities
     *     are ordinary, comparable values)
     * @param positive the truth per sample, as long as {@code scores}
     * @return the AUC in [0, 1]: 1 when every positive outscores every negative, 0 when the
     *     reverse, 0.5 when all scores are equal
     * @throws IllegalArgumentException if the lengths differ, a score is NaN, or there are no
     *     positives or no negatives
     */
    public static double auc(double[] scores, boolean[] positive) {
        LabelledScores s = LabelledScores.of("scores", scores, positive).requireBothClasses(AUC);
        int[] order = s.ascendingOrder();
        return twiceU(s, order, s.tieGroupStarts(order), null) / (2.0 * s.positives() * s.negatives());
    }

    /**
     * The AUC with a 95% stratified percentile-bootstrap interval. The same arguments give the
     * same interval on every run and platform (Commons Math's {@link Well19937c} seeded with
     * {@code seed}; percentiles by {@link Percentile.EstimationType#R_7}, the linear
     * interpolation that is also NumPy's default).
     *
     * @param scores one score per sample, no NaN
     * @param positive the truth per sample
     * @param resamples bootstrap resamples, at least {@value #MIN_BOOTSTRAP_RESAMPLES}; 2000 is usual
     * @param seed the random seed
     * @return the full-sample AUC with the 2.5th and 97.5th percentiles of the resampled AUCs
     * @throws IllegalArgumentException as {@link #auc}, or if {@code resamples} is too small
     */
    public static Interval aucWithBootstrap(double[] scores, boolean[] positive, int resamples, long seed) {
        LabelledScores s = LabelledScores.of("scores", scores, positive).requireBothClasses(AUC);
        if (resamples < MIN_BOOTSTRAP_RESAMPLES) {
            throw new IllegalArgumentException("resamples " + resamples + " must be at least "
                    + MIN_BOOTSTRAP_RESAMPLES + " for a 95% percentile interval");
        }
        int[] order = s.ascendingOrder();
        int[] groups = s.tieGroupStarts(order);
        int[] positiveIndex = new int[s.positives()];
        int[] negativeIndex = new int[s.negatives()];
        for (int i = 0, p = 0, q = 0; i < s.size(); i++) {
            if (s.isPositive(i)) {
                positiveIndex[p++] = i;
            } else {
                negativeIndex[q++] = i;
            }
        }
        RandomGenerator random = new Well19937c(seed);
        // a resample is a multiplicity per original sample; the sort is done once, above
        int[] multiplicity = new int[s.size()];
        double[] aucs = new double[resamples];
        double twicePairs = 2.0 * s.positives() * s.negatives();
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(multiplicity, 0);
            for (int k = 0; k < positiveIndex.length; k++) {
                multiplicity[positiveIndex[random.nextInt(positiveIndex.length)]]++;
            }
            for (int k = 0; k < negativeIndex.length; k++) {
                multiplicity[negativeIndex[random.nextInt(negativeIndex.length)]]++;
            }
            aucs[b] = twiceU(s, order, groups, multiplicity) / twicePairs;
        }
        return Interval.percentileBootstrap(twiceU(s, order, groups, null) / twicePairs, aucs);
    }

    /**
     * Twice the Mann-Whitney U of positives over negatives, by one sweep over groups of tied
     * scores: a group with p positives and q negatives above {@code negativesBelow} negatives adds
     * {@code 2 p negativesBelow + p q} (each tied pair counts one half of two).
     *
     * @param multiplicity how often each sample is counted (a bootstrap resample), or null for once
     */
    private static long twiceU(LabelledScores s, int[] order, int[] groups, int[] multiplicity) {
        long twiceU = 0;
        long negativesBelow = 0;
        for (int g = 0; g + 1 < groups.length; g++) {
            long p = 0;
            long q = 0;
            for (int r = groups[g]; r < groups[g + 1]; r++) {
                int i = order[r];
                int count = multiplicity == null ? 1 : multiplicity[i];
                if (s.isPositive(i)) {
                    p += count;
                } else {
                    q += count;
                }
            }
            twiceU += 2 * p * negativesBelow + p * q;
            negativesBelow += q;
        }
        return twiceU;
    }

    /**
     * The empirical ROC curve, one point per distinct score plus the origin.
     *
     * <p>Point {@code k} holds the false- and true-positive rates of calling positive every
     * sample with {@code score >= thresholds[k]}. Thresholds descend: the first is
     * {@link Double#POSITIVE_INFINITY} (nothing called positive, the point (0, 0)), the last is
     * the lowest score (everything called positive, the point (1, 1)). A group of tied scores
     * moves the curve diagonally in one step, so the trapezoidal area under these points equals
     * {@link #auc}. The points are those of scikit-learn's
     * {@code roc_curve(..., drop_intermediate=False)} (whose first threshold is also infinite from
     * version 1.3 on; 1.2 put the highest score plus one there).
     *
     * @param scores one score per sample, no NaN
     * @param positive the truth per sample
     * @return {@code {fpr, tpr, thresholds}}, three arrays of equal length
     * @throws IllegalArgumentException as {@link #auc}
     */
    public static double[][] curve(double[] scores, boolean[] positive) {
        LabelledScores s = LabelledScores.of("scores", scores, positive).requireBothClasses("an ROC curve");
        int[] order = s.ascendingOrder();
        int[] groups = s.tieGroupStarts(order);
        int points = groups.length; // (groups.length - 1) groups plus the origin
        double[] fpr = new double[points];
        double[] tpr = new double[points];
        double[] thresholds = new double[points];
        thresholds[0] = Double.POSITIVE_INFINITY;
        long tp = 0;
        long fp = 0;
        int k = 1;
        for (int g = groups.length - 2; g >= 0; g--, k++) {
            for (int r = groups[g]; r < groups[g + 1]; r++) {
                if (s.isPositive(order[r])) {
                    tp++;
                } else {
                    fp++;
                }
            }
            fpr[k] = (double) fp / s.negatives();
            tpr[k] = (double) tp / s.positives();
            thresholds[k] = s.score(order[groups[g]]);
        }
        return new double[][] {fpr, tpr, thresholds};
    }
}
