package org.dicomcnn.training.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a classifier's probabilities on a split, class by class: ROC AUC with a 95%
 * stratified bootstrap interval and, given the cluster (patient) of each sample, a second one that
 * resamples clusters ({@link Roc}), sensitivity and specificity with Wilson intervals
 * at the class's threshold ({@link OperatingPoints}), and the expected calibration error over
 * {@value #CALIBRATION_BINS} equal-width bins ({@link CalibrationMetrics}).
 *
 * <p>A multi-label model is evaluated per class on its sigmoid outputs. A softmax model can be
 * evaluated one-vs-rest the same way: column {@code k} of the softmax probabilities against
 * "the true class is {@code k}".
 *
 * <pre>{@code
 * double[] thresholds = {0.35, 0.40};  // chosen on the validation split
 * List<ClassEvaluation> results = Evaluator.evaluateAll(List.of("nodule", "consolidation"),
 *         testProbabilities, testTruth, thresholds, 2000, 42L);
 * for (ClassEvaluation e : results) {
 *     ReliabilityDiagram.write(out.resolve(e.className() + "-reliability.png"), e.className(),
 *             e.reliability(), e.ece());
 * }
 * }</pre>
 */
public final class Evaluator {

    /** The number of equal-width bins of the calibration error and the reliability diagram. */
    public static final int CALIBRATION_BINS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private Evaluator() {}

    /**
     * Evaluates one class whose samples are independent: no clustered interval
     * ({@link ClassEvaluation#aucByPatient()} is null).
     *
     * @param className the class name, not blank
     * @param probabilities the predicted probability of the class per sample, in [0, 1]
     * @param positive the truth per sample; at least one positive and one negative
     * @param threshold the operating point: probabilities at or above it are called positive
     * @param bootstrapResamples resamples of the AUC interval, at least
     *     {@value Roc#MIN_BOOTSTRAP_RESAMPLES}
     * @param seed the bootstrap's random seed; equal arguments give equal results
     * @return the evaluation
     * @throws IllegalArgumentException if the input is malformed; the message names the class
     */
    public static ClassEvaluation evaluate(String className, double[] probabilities, boolean[] positive,
            double threshold, int bootstrapResamples, long seed) {
        return evaluate(className, probabilities, positive, null, threshold, bootstrapResamples, seed);
    }

    /**
     * Evaluates one class whose samples come in correlated clusters (the series or slices of one
     * patient): as {@link #evaluate(String, double[], boolean[], double, int, long)}, and also the
     * AUC interval of {@link Roc#aucWithClusterBootstrap}, with the same resamples and seed, as
     * {@link ClassEvaluation#aucByPatient()}.
     *
     * @param className the class name, not blank
     * @param probabilities the predicted probability of the class per sample, in [0, 1]
     * @param positive the truth per sample; at least one positive and one negative
     * @param cluster the cluster (patient key) of each sample, at least
     *     {@value Roc#MIN_BOOTSTRAP_CLUSTERS} distinct; or null for no clustered interval
     * @param threshold the operating point: probabilities at or above it are called positive
     * @param bootstrapResamples resamples of each AUC interval, at least
     *     {@value Roc#MIN_BOOTSTRAP_RESAMPLES}
     * @param seed the bootstraps' random seed; equal arguments give equal results
     * @return the evaluation
     * @throws IllegalArgumentException if the input is malformed; the message names the class
     */
    public static ClassEvaluation evaluate(String className, double[] probabilities, boolean[] positive,
            String[] cluster, double threshold, int bootstrapResamples, long seed) {
        Objects.requireNonNull(className, "className");
        try {
            LabelledScores s = LabelledScores.of("probabilities", probabilities, positive)
                    .requireProbabilities().requireBothClasses("evaluation");
            Interval auc = Roc.aucWithBootstrap(probabilities, positive, bootstrapResamples, seed);
            Interval byPatient = cluster == null ? null
                    : Roc.aucWithClusterBootstrap(probabilities, positive, cluster, bootstrapResamples, seed);
            OperatingPointResult point = OperatingPoints.at(probabilities, positive, threshold);
            ReliabilityBins bins = CalibrationMetrics.reliability(probabilities, positive, CALIBRATION_BINS);
            ClassEvaluation e = new ClassEvaluation(className, s.positives(), s.negatives(), auc, byPatient, point,
                    bins.expectedCalibrationError(), bins);
            LOG.debug("class {}: {} positives, {} negatives, AUC {} [{}, {}]{}, sensitivity {} specificity {} at {},"
                    + " ECE {}", className, e.positives(), e.negatives(), auc.estimate(), auc.lower(), auc.upper(),
                    byPatient == null ? "" : " (clusters resampled [" + byPatient.lower() + ", " + byPatient.upper()
                            + "])", point.sensitivity().estimate(), point.specificity().estimate(), threshold, e.ece());
            return e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("class '" + className + "': " + e.getMessage(), e);
        }
    }

    /**
     * Evaluates every class. Element {@code k} of the result equals
     * {@code evaluate(classes.get(k), column k of probabilities, column k of positive,
     * thresholds[k], resamples, seed)}: every class uses the same seed, so adding or removing a
     * class never changes another's interval.
     *
     * @param classes the class names in column order, unique
     * @param probabilities one row per sample, one column per class
     * @param positive the truth, the same shape
     * @param thresholds one threshold per class
     * @param resamples bootstrap resamples per class
     * @param seed the bootstrap's random seed
     * @return one evaluation per class, in class order
     * @throws IllegalArgumentException if the shapes disagree or a class's input is malformed
     */
    public static List<ClassEvaluation> evaluateAll(List<String> classes, double[][] probabilities,
            boolean[][] positive, double[] thresholds, int resamples, long seed) {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(positive, "positive");
        Objects.requireNonNull(thresholds, "thresholds");
        int k = classes.size();
        Set<String> seen = new HashSet<>();
        for (String c : classes) {
            if (!seen.add(Objects.requireNonNull(c, "class name"))) {
                throw new IllegalArgumentException("class '" + c + "' is listed twice in " + classes);
            }
        }
        if (thresholds.length != k) {
            throw new IllegalArgumentException("thresholds hold " + thresholds.length + " values for " + k
                    + " classes " + classes);
        }
        if (probabilities.length != positive.length) {
            throw new IllegalArgumentException("probabilities hold " + probabilities.length
                    + " rows but positive holds " + positive.length + "; they must be the same length");
        }
        int n = probabilities.length;
        double[][] columns = new double[k][n];
        boolean[][] truth = new boolean[k][n];
        for (int i = 0; i < n; i++) {
            double[] p = Objects.requireNonNull(probabilities[i], "probabilities row");
            boolean[] y = Objects.requireNonNull(positive[i], "positive row");
            if (p.length != k || y.length != k) {
                throw new IllegalArgumentException("row " + i + " holds " + p.length + " probabilities and "
                        + y.length + " labels for " + k + " classes " + classes);
            }
            for (int c = 0; c < k; c++) {
                columns[c][i] = p[c];
                truth[c][i] = y[c];
            }
        }
        List<ClassEvaluation> result = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            result.add(evaluate(classes.get(c), columns[c], truth[c], thresholds[c], resamples, seed));
        }
        LOG.info("evaluated {} classes on {} samples ({} bootstrap resamples each)", k, n, resamples);
        return List.copyOf(result);
    }
}
