package org.dicomcnn.training.eval;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Seeded synthetic scores and labels for the tests of this package. */
final class Synthetic {

    private Synthetic() {}

    /** Scores with their labels. */
    record Labelled(double[] scores, boolean[] positive) {}

    /** Logits with their labels, one row per sample. */
    record Rows(double[][] logits, boolean[][] positive) {}

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /**
     * Gaussian scores: negatives N(0, 1), positives N(separation, 1).
     *
     * @param n samples
     * @param prevalence the probability of a positive
     * @param separation the mean of the positives
     * @param seed the seed
     * @return scores and labels, at least one of each class
     */
    static Labelled gaussian(int n, double prevalence, double separation, long seed) {
        Random r = new Random(seed);
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            // the first two samples fix one of each class
            y[i] = i == 0 || (i != 1 && r.nextDouble() < prevalence);
            s[i] = r.nextGaussian() + (y[i] ? separation : 0);
        }
        return new Labelled(s, y);
    }

    /**
     * Probabilities drawn uniformly and labels drawn from a distortion of them: {@code truth}
     * maps the stated probability to the real one.
     */
    static Labelled probabilities(int n, long seed, DoubleUnaryOperator truth) {
        Random r = new Random(seed);
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = r.nextDouble();
            y[i] = r.nextDouble() < truth.applyAsDouble(p[i]);
        }
        return new Labelled(p, y);
    }

    /**
     * Multi-label logits N(shift_k, spread^2) with labels drawn from sigmoid(logit / t0).
     */
    static Rows multiLabel(int n, int classes, double spread, double t0, long seed) {
        Random r = new Random(seed);
        double[][] z = new double[n][classes];
        boolean[][] y = new boolean[n][classes];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < classes; k++) {
                z[i][k] = spread * r.nextGaussian() + (k - 1) * 0.5;
                y[i][k] = r.nextDouble() < sigmoid(z[i][k] / t0);
            }
        }
        return new Rows(z, y);
    }

    /** Softmax logits N(0, spread^2) with the true class drawn from softmax(logits / t0). */
    static Rows softmax(int n, int classes, double spread, double t0, long seed) {
        Random r = new Random(seed);
        double[][] z = new double[n][classes];
        boolean[][] y = new boolean[n][classes];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                z[i][k] = spread * r.nextGaussian();
                max = Math.max(max, z[i][k] / t0);
            }
            double[] e = new double[classes];
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                e[k] = Math.exp(z[i][k] / t0 - max);
                sum += e[k];
            }
            double u = r.nextDouble() * sum;
            int chosen = classes - 1;
            for (int k = 0; k < classes; k++) {
                u -= e[k];
                if (u < 0) {
                    chosen = k;
                    break;
                }
            }
            y[i][chosen] = true;
        }
        return new Rows(z, y);
    }
}
