package org.dicomcnn.training.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Platt scaling of one class: {@code p = sigmoid(slope * logit + intercept)}, fitted by logistic
 * regression of the labels on the logit (Platt 1999). Offered to compare with
 * {@link TemperatureScaling}, which is what the model bundle stores; Platt scaling has two
 * parameters per class and can shift as well as stretch, but it is fitted per class and so needs
 * enough positives of each.
 *
 * <p>The fit follows Platt's regularised targets, {@code (N&#8330; + 1) / (N&#8330; + 2)} for
 * positives and {@code 1 / (N&#8331; + 2)} for negatives, which keep the solution finite even when
 * the logit separates the classes perfectly, and minimises the cross-entropy
 * {@code &Sigma; softplus(s) - t s} with {@code s = slope z + intercept} by Newton's method with a
 * backtracking line search, as Lin, Lin &amp; Weng (2007) do. The objective is strictly convex, so
 * the minimum is unique.
 *
 * <p>References: J. Platt, "Probabilistic outputs for support vector machines and comparisons to
 * regularized likelihood methods", in Advances in Large Margin Classifiers (1999). H.-T. Lin,
 * C.-J. Lin, R. C. Weng, "A note on Platt's probabilistic outputs for support vector machines",
 * Machine Learning 68 (2007) 267&ndash;276.
 *
 * @param slope the factor on the logit; finite
 * @param intercept the offset; finite
 */
public record PlattScaling(double slope, double intercept) {

    /** The identity: probabilities are the sigmoid of the raw logit. */
    public static final PlattScaling IDENTITY = new PlattScaling(1, 0);

    private static final int MAX_ITERATIONS = 100;
    /**
     * Converged when the Newton decrement g'H&#8315;&sup1;g falls below this fraction of the
     * objective: about a hundred ulps of f, where a line search on f stops telling steps apart.
     */
    private static final double DECREMENT_TOLERANCE = 1e-14;
    /** Added to the Hessian's diagonal so it stays invertible (Lin et al. use the same). */
    private static final double RIDGE = 1e-12;
    /** Armijo's sufficient-decrease constant. */
    private static final double SUFFICIENT_DECREASE = 1e-4;
    private static final double MIN_STEP = 1e-12;

    /** Checks both parameters are finite. */
    public PlattScaling {
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new IllegalArgumentException("slope " + slope + " and intercept " + intercept + " must be finite");
        }
    }

    /**
     * The calibrated probability of a logit.
     *
     * @param logit the raw logit
     * @return {@code sigmoid(slope * logit + intercept)}
     */
    public double probability(double logit) {
        return sigmoid(slope * logit + intercept);
    }

    /**
     * Fits one class.
     *
     * @param logits the raw logit per sample, finite, not all equal
     * @param positive the truth per sample; both classes present
     * @return the fitted scaling
     * @throws IllegalArgumentException if the lengths differ, a logit is not finite, all logits are
     *     equal, or a class is missing
     */
    public static PlattScaling fit(double[] logits, boolean[] positive) {
        LabelledScores s = LabelledScores.of("logits", logits, positive).requireBothClasses("Platt scaling");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (Double.isInfinite(logits[i])) {
                throw new IllegalArgumentException("logits[" + i + "] is " + logits[i] + "; every logit must be finite");
            }
            min = Math.min(min, logits[i]);
            max = Math.max(max, logits[i]);
        }
        if (min == max) {
            throw new IllegalArgumentException("all " + logits.length + " logits equal " + min
                    + "; Platt scaling needs at least two distinct logits");
        }
        double targetPositive = (s.positives() + 1.0) / (s.positives() + 2.0);
        double targetNegative = 1.0 / (s.negatives() + 2.0);
        double[] t = new double[logits.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = positive[i] ? targetPositive : targetNegative;
        }
        // Lin et al.'s start: slope 0 and the intercept of the smoothed prior
        double a = 0;
        double b = Math.log((s.positives() + 1.0) / (s.negatives() + 1.0));
        double f = objective(logits, t, a, b);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = RIDGE;
            double hab = 0;
            double hbb = RIDGE;
            for (int i = 0; i < logits.length; i++) {
                double z = logits[i];
                double p = sigmoid(a * z + b);
                double r = p - t[i];
                double w = p * (1 - p);
                ga += r * z;
                gb += r;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            double da = -(hbb * ga - hab * gb) / det;
            double db = -(-hab * ga + haa * gb) / det;
            double slopeAlongStep = ga * da + gb * db;
            if (-slopeAlongStep < DECREMENT_TOLERANCE * (1 + f)) {
                // the Newton decrement g'H^-1 g is below what the objective can resolve: the full
                // step lands on the minimum and a line search on f would only see rounding noise
                return new PlattScaling(a + da, b + db);
            }
            double step = 1;
            while (step >= MIN_STEP) {
                double fNew = objective(logits, t, a + step * da, b + step * db);
                if (fNew <= f + SUFFICIENT_DECREASE * step * slopeAlongStep) {
                    a += step * da;
                    b += step * db;
                    f = fNew;
                    break;
                }
                step /= 2;
            }
            if (step < MIN_STEP) {
                // no decrease is representable any more: we are at the minimum to double precision
                return new PlattScaling(a, b);
            }
        }
        throw new IllegalStateException("Platt scaling did not converge in " + MAX_ITERATIONS + " Newton steps on "
                + logits.length + " samples (slope " + a + ", intercept " + b + ")");
    }

    /**
     * Fits every class of a multi-label model separately.
     *
     * @param logits one row of logits per sample, all rows as long
     * @param positive the labels, the same shape
     * @return one scaling per class, in class order
     * @throws IllegalArgumentException as {@link #fit}, naming the class index
     */
    public static List<PlattScaling> fitPerClass(double[][] logits, boolean[][] positive) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(positive, "positive");
        if (logits.length == 0 || logits.length != positive.length) {
            throw new IllegalArgumentException("logits hold " + logits.length + " rows and positive "
                    + positive.length + "; they must be the same, non-zero length");
        }
        int classes = logits[0].length;
        List<PlattScaling> result = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            double[] z = new double[logits.length];
            boolean[] y = new boolean[logits.length];
            for (int i = 0; i < logits.length; i++) {
                if (logits[i].length != classes || positive[i].length != classes) {
                    throw new IllegalArgumentException("row " + i + " holds " + logits[i].length + " logits and "
                            + positive[i].length + " labels; every row must hold " + classes + " of each");
                }
                z[i] = logits[i][k];
                y[i] = positive[i][k];
            }
            try {
                result.add(fit(z, y));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("class " + k + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(result);
    }

    private static double objective(double[] z, double[] t, double a, double b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double s = a * z[i] + b;
            sum += TemperatureScaling.softplus(s) - t[i] * s;
        }
        return sum;
    }

    private static double sigmoid(double s) {
        // the two forms avoid overflow of exp for large |s|
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }
}
