package org.dicomcnn.training.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How well predicted probabilities match observed frequencies: reliability bins and the expected
 * calibration error (ECE).
 *
 * <p><b>Binning.</b> {@code M} equal-width bins; bin {@code m} (0-based) is
 * {@code (m/M, (m+1)/M]}, the right-closed intervals of Guo et al. (2017), with probability 0
 * put in the first bin. A probability {@code p} goes to bin {@code max(0, ceil(p&middot;M) - 1)},
 * computed exactly so in double arithmetic (a reference implementation reproduces the binning
 * bit for bit with {@code numpy.ceil(p * M) - 1}).
 *
 * <p><b>ECE</b> = &Sigma;&#8344; (n&#8344; / N) |o&#8344; &minus; p&#772;&#8344;|, with
 * {@code o} the fraction of positives and {@code p&#772;} the mean predicted probability in bin
 * {@code m}. Here it is computed per class on the probability of the class being present (the
 * binary form of Naeini et al. 2015), which is what a per-class reliability diagram shows; Guo
 * et al. define it for a multi-class model on the top-label confidence, which equals this for a
 * binary model only when all confidences are at least 0.5.
 *
 * <p>References: C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On calibration of modern neural
 * networks", ICML 2017. M. P. Naeini, G. F. Cooper, M. Hauskrecht, "Obtaining well calibrated
 * probabilities using Bayesian binning", AAAI 2015.
 *
 * <pre>{@code
 * ReliabilityBins bins = CalibrationMetrics.reliability(probabilities, truth, 10);
 * ReliabilityDiagram.write(Path.of("nodule-reliability.png"), "nodule (test)", bins,
 *         bins.expectedCalibrationError());
 * }</pre>
 */
public final class CalibrationMetrics {

    private CalibrationMetrics() {}

    /**
     * The expected calibration error with {@code bins} equal-width bins.
     *
     * @param probabilities predicted probability of the positive class per sample, in [0, 1]
     * @param positive the truth per sample
     * @param bins the number of bins, at least 1 (10 or 15 are usual)
     * @return the ECE in [0, 1]
     * @throws IllegalArgumentException if the lengths differ, a probability is NaN or outside
     *     [0, 1], or {@code bins < 1}
     */
    public static double expectedCalibrationError(double[] probabilities, boolean[] positive, int bins) {
        return reliability(probabilities, positive, bins).expectedCalibrationError();
    }

    /**
     * Per-bin mean predicted probability, observed frequency and count.
     *
     * @param probabilities predicted probability of the positive class per sample, in [0, 1]
     * @param positive the truth per sample
     * @param bins the number of bins, at least 1
     * @return the bins, empty ones included
     * @throws IllegalArgumentException as {@link #expectedCalibrationError}
     */
    public static ReliabilityBins reliability(double[] probabilities, boolean[] positive, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins " + bins + " must be at least 1");
        }
        LabelledScores s = LabelledScores.of("probabilities", probabilities, positive).requireProbabilities();
        long[] count = new long[bins];
        long[] positives = new long[bins];
        double[] sum = new double[bins];
        for (int i = 0; i < s.size(); i++) {
            double p = s.score(i);
            int m = binOf(p, bins);
            count[m]++;
            sum[m] += p;
            if (s.isPositive(i)) {
                positives[m]++;
            }
        }
        List<ReliabilityBins.Bin> result = new ArrayList<>(bins);
        for (int m = 0; m < bins; m++) {
            double lower = (double) m / bins;
            double upper = m + 1 == bins ? 1 : (double) (m + 1) / bins;
            if (count[m] == 0) {
                result.add(new ReliabilityBins.Bin(lower, upper, 0, Double.NaN, Double.NaN));
            } else {
                // a mean of values in a bin can round a hair outside it; keep it inside
                double mean = Math.min(upper, Math.max(lower, sum[m] / count[m]));
                result.add(new ReliabilityBins.Bin(lower, upper, count[m], mean, (double) positives[m] / count[m]));
            }
        }
        return new ReliabilityBins(result);
    }

    /**
     * The bin of a probability: {@code (m/M, (m+1)/M]} holds it, 0 goes to the first bin.
     *
     * @param p a probability in [0, 1]
     * @param bins M
     * @return m in 0..M-1
     */
    static int binOf(double p, int bins) {
        return Math.max(0, Math.min(bins - 1, (int) Math.ceil(p * bins) - 1));
    }
}
