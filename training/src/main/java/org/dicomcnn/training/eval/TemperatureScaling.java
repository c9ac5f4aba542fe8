package org.dicomcnn.training.eval;

import java.util.Objects;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temperature scaling (Guo et al. 2017): one scalar {@code T > 0} that divides every logit
 * before the sigmoid or softmax, fitted on the validation split by minimising the negative
 * log-likelihood. It changes no ranking (AUC and the order of classes are unchanged) and only
 * softens ({@code T > 1}) or sharpens ({@code T < 1}) the probabilities. The model bundle stores
 * it as its calibration ({@code Manifest.Calibration.temperature(T)} in the inference module),
 * and the runtime divides by it the same way.
 *
 * <p><b>Likelihood.</b> With {@code z} the logits and {@code y} the labels:
 * <ul>
 *   <li>{@value #TASK_MULTI_LABEL}: one sigmoid per class and one temperature shared by all
 *       classes; the NLL is the mean over all samples and classes of the binary cross-entropy
 *       {@code softplus(z/T) - y z/T} (PyTorch's {@code BCEWithLogitsLoss}, mean reduction);</li>
 *   <li>{@value #TASK_SOFTMAX}: one softmax over the classes, exactly one true class per row;
 *       the NLL is the mean over samples of {@code logsumexp(z/T) - z_y/T} (PyTorch's
 *       {@code CrossEntropyLoss}).</li>
 * </ul>
 * Both are computed in forms that cannot overflow for any finite logit.
 *
 * <p><b>Optimisation.</b> Both NLLs are convex in {@code 1/T} (a softplus or log-sum-exp of a
 * linear function of it), hence unimodal in {@code log T}. Commons Math's {@link BrentOptimizer}
 * therefore finds the global minimum over {@code log T} in
 * [{@code log} {@value #MIN_TEMPERATURE}, {@code log} {@value #MAX_TEMPERATURE}]. A fit that
 * ends at an end of that range is logged as a warning: the optimum lies beyond it (perfectly
 * separable validation data push {@code T} towards 0, logits unrelated to the labels towards
 * infinity) and the validation split is unlikely to be representative.
 *
 * <p>Reference: C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On calibration of modern neural
 * networks", ICML 2017, section 4.2.
 *
 * <pre>{@code
 * double t = TemperatureScaling.fit(validationLogits, validationTruth, TemperatureScaling.TASK_MULTI_LABEL);
 * Manifest calibrated = manifest.withCalibration(Manifest.Calibration.temperature(t));
 * }</pre>
 */
public final class TemperatureScaling {

    /** The multi-label task (one sigmoid per class); the same string as the bundle manifest's. */
    public static final String TASK_MULTI_LABEL = "multi-label";
    /** The softmax task (one softmax over the classes); the same string as the bundle manifest's. */
    public static final String TASK_SOFTMAX = "softmax";
    /** The smallest temperature considered. */
    public static final double MIN_TEMPERATURE = 0.05;
    /** The largest temperature considered. */
    public static final double MAX_TEMPERATURE = 20;

    private static final Logger LOG = LoggerFactory.getLogger(TemperatureScaling.class);
    /** Brent's tolerances on log T: 1e-10 relative, 1e-12 absolute, far below what matters. */
    private static final double RELATIVE_TOLERANCE = 1e-10;
    private static final double ABSOLUTE_TOLERANCE = 1e-12;
    private static final int MAX_EVALUATIONS = 500;
    /** How close (in log T) to an end of the range counts as "at the bound". */
    private static final double BOUND_MARGIN = 1e-6;

    private TemperatureScaling() {}

    /**
     * Fits the temperature that minimises the validation NLL.
     *
     * @param logits one row of logits per sample, all rows as long, finite
     * @param positive the labels, the same shape; for {@value #TASK_SOFTMAX} exactly one true per
     *     row
     * @param task {@value #TASK_MULTI_LABEL} or {@value #TASK_SOFTMAX}
     * @return the temperature in [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}]
     * @throws IllegalArgumentException if the shapes differ, a logit is not finite, the task is
     *     unknown, or a softmax row has not exactly one true class
     */
    public static double fit(double[][] logits, boolean[][] positive, String task) {
        validate(logits, positive, task);
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        BrentOptimizer brent = new BrentOptimizer(RELATIVE_TOLERANCE, ABSOLUTE_TOLERANCE);
        UnivariatePointValuePair best = brent.optimize(new MaxEval(MAX_EVALUATIONS), GoalType.MINIMIZE,
                new SearchInterval(lo, hi, 0),
                new UnivariateObjectiveFunction(logT -> nll(logits, positive, task, Math.exp(logT))));
        double t = Math.exp(best.getPoint());
        double before = nll(logits, positive, task, 1);
        if (best.getPoint() - lo < BOUND_MARGIN || hi - best.getPoint() < BOUND_MARGIN) {
            LOG.warn("temperature fit ({}, {} samples x {} classes) stopped at the end of [{}, {}]: T = {}; "
                    + "the validation split may be separable or unrelated to the logits", task, logits.length,
                    logits[0].length, MIN_TEMPERATURE, MAX_TEMPERATURE, t);
        }
        LOG.info("temperature {} fitted ({}, {} samples x {} classes): NLL {} at T = 1, {} after, {} evaluations",
                t, task, logits.length, logits[0].length, before, best.getValue(), brent.getEvaluations());
        return t;
    }

    /**
     * The mean negative log-likelihood of the labels under the logits divided by a temperature.
     *
     * @param logits one row of logits per sample, all rows as long, finite
     * @param positive the labels, the same shape
     * @param task {@value #TASK_MULTI_LABEL} or {@value #TASK_SOFTMAX}
     * @param temperature above 0
     * @return the mean NLL in nats (per sample and class for multi-label, per sample for softmax)
     * @throws IllegalArgumentException as {@link #fit}, or if the temperature is not above 0
     */
    public static double negativeLogLikelihood(double[][] logits, boolean[][] positive, String task,
            double temperature) {
        validate(logits, positive, task);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature " + temperature + " must be finite and above 0");
        }
        return nll(logits, positive, task, temperature);
    }

    private static double nll(double[][] logits, boolean[][] positive, String task, double temperature) {
        double sum = 0;
        if (TASK_SOFTMAX.equals(task)) {
            for (int i = 0; i < logits.length; i++) {
                double[] z = logits[i];
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v / temperature);
                }
                double exp = 0;
                double trueLogit = 0;
                for (int k = 0; k < z.length; k++) {
                    exp += Math.exp(z[k] / temperature - max);
                    if (positive[i][k]) {
                        trueLogit = z[k] / temperature;
                    }
                }
                sum += max + Math.log(exp) - trueLogit;
            }
            return sum / logits.length;
        }
        for (int i = 0; i < logits.length; i++) {
            for (int k = 0; k < logits[i].length; k++) {
                double x = logits[i][k] / temperature;
                sum += softplus(x) - (positive[i][k] ? x : 0);
            }
        }
        return sum / ((double) logits.length * logits[0].length);
    }

    /** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static void validate(double[][] logits, boolean[][] positive, String task) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(positive, "positive");
        Objects.requireNonNull(task, "task");
        if (!TASK_MULTI_LABEL.equals(task) && !TASK_SOFTMAX.equals(task)) {
            throw new IllegalArgumentException("task '" + task + "' is not one of " + TASK_MULTI_LABEL + ", "
                    + TASK_SOFTMAX);
        }
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits are empty; at least one sample is needed");
        }
        if (logits.length != positive.length) {
            throw new IllegalArgumentException("logits hold " + logits.length + " rows but positive holds "
                    + positive.length + "; they must be the same length");
        }
        int classes = Objects.requireNonNull(logits[0], "logits[0]").length;
        int minimum = TASK_SOFTMAX.equals(task) ? 2 : 1;
        if (classes < minimum) {
            throw new IllegalArgumentException("logits rows hold " + classes + " classes; task " + task
                    + " needs at least " + minimum);
        }
        for (int i = 0; i < logits.length; i++) {
            double[] z = Objects.requireNonNull(logits[i], "logits row");
            boolean[] y = Objects.requireNonNull(positive[i], "positive row");
            if (z.length != classes || y.length != classes) {
                throw new IllegalArgumentException("row " + i + " holds " + z.length + " logits and " + y.length
                        + " labels; every row must hold " + classes + " of each, as row 0 does");
            }
            int trues = 0;
            for (int k = 0; k < classes; k++) {
                if (!Double.isFinite(z[k])) {
                    throw new IllegalArgumentException("logits[" + i + "][" + k + "] is " + z[k]
                            + "; every logit must be finite");
                }
                if (y[k]) {
                    trues++;
                }
            }
            if (TASK_SOFTMAX.equals(task) && trues != 1) {
                throw new IllegalArgumentException("row " + i + " marks " + trues
                        + " true classes; task softmax needs exactly one per row");
            }
        }
    }
}
