package org.dicomcnn.training.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p><b>Clustered data.</b> Both of those treat the samples as independent. When samples come in
 * correlated groups (several studies of one patient, showing the same nodule) they are not, and
 * resampling samples makes the interval too narrow: a patient with four series counts as four
 * independent witnesses. {@link #aucWithClusterBootstrap} resamples whole clusters instead, so
 * the interval reflects how many independent clusters there are (Field &amp; Welsh 2007; for the
 * AUC of clustered data, Obuchowski 1997). The estimate is the same AUC over all samples.
 *
 * <p>References: J. A. Hanley, B. J. McNeil, "The meaning and use of the area under a receiver
 * operating characteristic (ROC) curve", Radiology 143 (1982) 29&ndash;36. E. R. DeLong et al.,
 * "Comparing the areas under two or more correlated ROC curves: a nonparametric approach",
 * Biometrics 44 (1988) 837&ndash;845. N. A. Obuchowski, "Nonparametric analysis of clustered ROC
 * curve data", Biometrics 53 (1997) 567&ndash;578. C. A. Field, A. H. Welsh, "Bootstrapping
 * clustered data", J. R. Stat. Soc. B 69 (2007) 369&ndash;390.
 *
 * <pre>{@code
 * Interval auc = Roc.aucWithBootstrap(probabilities, isNodule, 2000, 42L);
 * Interval byPatient = Roc.aucWithClusterBootstrap(probabilities, isNodule, patientKeys, 2000, 42L);
 * log.info("AUC {} [{}, {}], patients resampled [{}, {}]", auc.estimate(), auc.lower(), auc.upper(),
 *         byPatient.lower(), byPatient.upper());
 * }</pre>
 */
public final class Roc {

    /** The fewest bootstrap resamples accepted: fewer leave the 2.5% tail to one or two draws. */
    public static final int MIN_BOOTSTRAP_RESAMPLES = 100;

    /** The fewest clusters a cluster bootstrap accepts: one cluster resamples to itself every time. */
    public static final int MIN_BOOTSTRAP_CLUSTERS = 2;

    /**
     * How many draws in a row may lack a class before the cluster bootstrap gives up. With two or
     * more clusters and both classes present a draw lacks one with probability at most 1/2 (two
     * clusters, one of each class), so reaching this bound by chance has probability below
     * 2<sup>-100</sup>: it means a defect, not bad luck.
     */
    private static final int MAX_DRAWS_PER_RESAMPLE = 100;

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
        requireEnoughResamples(resamples);
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
     * The AUC with a 95% percentile-bootstrap interval that resamples clusters of correlated
     * samples (the series of one patient) rather than samples. Each resample draws as many
     * clusters as there are, with replacement; a sample counts as often as its cluster was drawn.
     * A draw that holds no positive or no negative sample has no AUC and is drawn again, so the
     * interval is conditional on both classes being present (as the stratified bootstrap's is by
     * construction); with few clusters of one class this leans the interval slightly toward
     * resamples that hold them. Unlike {@link #aucWithBootstrap} the class counts vary from one
     * resample to the next, as they do between real samples of clusters. The same arguments give
     * the same interval on every run and platform ({@link Well19937c}, percentiles as
     * {@link #aucWithBootstrap}).
     *
     * @param scores one score per sample, no NaN
     * @param positive the truth per sample
     * @param cluster the cluster of each sample (a patient key), compared with {@code equals}; the
     *     keys are only grouped, never reported
     * @param resamples bootstrap resamples, at least {@value #MIN_BOOTSTRAP_RESAMPLES}; 2000 is usual
     * @param seed the random seed
     * @return the full-sample AUC (equal to {@link #auc}) with the 2.5th and 97.5th percentiles of
     *     the resampled AUCs
     * @throws IllegalArgumentException as {@link #aucWithBootstrap}, or if {@code cluster} is not
     *     as long as {@code scores}, holds null, or holds fewer than
     *     {@value #MIN_BOOTSTRAP_CLUSTERS} distinct clusters
     */
    public static Interval aucWithClusterBootstrap(double[] scores, boolean[] positive, String[] cluster,
            int resamples, long seed) {
        LabelledScores s = LabelledScores.of("scores", scores, positive).requireBothClasses(AUC);
        requireEnoughResamples(resamples);
        int[][] members = clusterMembers(cluster, s.size());
        int[] order = s.ascendingOrder();
        int[] groups = s.tieGroupStarts(order);
        int[] positivesIn = new int[members.length];
        for (int c = 0; c < members.length; c++) {
            for (int i : members[c]) {
                positivesIn[c] += s.isPositive(i) ? 1 : 0;
            }
        }
        RandomGenerator random = new Well19937c(seed);
        int[] multiplicity = new int[s.size()];
        double[] aucs = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            long drawnPositives;
            long drawnNegatives;
            int draws = 0;
            do {
                if (++draws > MAX_DRAWS_PER_RESAMPLE) {
                    throw new IllegalStateException(MAX_DRAWS_PER_RESAMPLE + " draws of " + members.length
                            + " clusters in a row lacked positives or negatives; with both classes present"
                            + " that should not happen");
                }
                Arrays.fill(multiplicity, 0);
                drawnPositives = 0;
                drawnNegatives = 0;
                for (int k = 0; k < members.length; k++) {
                    int c = random.nextInt(members.length);
                    for (int i : members[c]) {
                        multiplicity[i]++;
                    }
                    drawnPositives += positivesIn[c];
                    drawnNegatives += members[c].length - positivesIn[c];
                }
            } while (drawnPositives == 0 || drawnNegatives == 0);
            aucs[b] = twiceU(s, order, groups, multiplicity) / (2.0 * drawnPositives * drawnNegatives);
        }
        double estimate = twiceU(s, order, groups, null) / (2.0 * s.positives() * s.negatives());
        return Interval.percentileBootstrap(estimate, aucs);
    }

    private static void requireEnoughResamples(int resamples) {
        if (resamples < MIN_BOOTSTRAP_RESAMPLES) {
            throw new IllegalArgumentException("resamples " + resamples + " must be at least "
                    + MIN_BOOTSTRAP_RESAMPLES + " for a 95% percentile interval");
        }
    }

    /**
     * The samples of each cluster, clusters numbered in order of first appearance so that the
     * numbering (and with it the bootstrap) depends only on the input order.
     *
     * @param cluster the cluster key per sample
     * @param samples the number of samples
     * @return per cluster, the indices of its samples
     */
    private static int[][] clusterMembers(String[] cluster, int samples) {
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.length != samples) {
            throw new IllegalArgumentException("cluster holds " + cluster.length + " keys but scores hold " + samples
                    + " values; they must be the same length");
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < samples; i++) {
            if (cluster[i] == null) {
                throw new IllegalArgumentException("cluster[" + i + "] is null; every one of the " + samples
                        + " samples needs a cluster");
            }
            members.computeIfAbsent(cluster[i], k -> new ArrayList<>()).add(i);
        }
        if (members.size() < MIN_BOOTSTRAP_CLUSTERS) {
            throw new IllegalArgumentException("all " + samples + " samples are in one cluster; a cluster bootstrap"
                    + " needs at least " + MIN_BOOTSTRAP_CLUSTERS);
        }
        return members.values().stream().map(m -> m.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
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
