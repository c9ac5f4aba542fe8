package org.dicomcnn.training.eval;

import java.util.Objects;

/**
 * What a classifier does at one decision threshold: its confusion matrix and its sensitivity and
 * specificity, each with a 95% Wilson score interval ({@link WilsonScore}).
 *
 * @param threshold the threshold at or above which a sample is called positive; not NaN
 * @param confusion the counts at the threshold, with at least one positive and one negative
 * @param sensitivity TP / (TP + FN) with its interval
 * @param specificity TN / (TN + FP) with its interval
 */
public record OperatingPointResult(
        double threshold, ConfusionMatrix confusion, Interval sensitivity, Interval specificity) {

    /** Checks the parts are present and agree with the confusion matrix. */
    public OperatingPointResult {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN; it must be a number");
        }
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(sensitivity, "sensitivity");
        Objects.requireNonNull(specificity, "specificity");
        if (confusion.positives() == 0 || confusion.negatives() == 0) {
            throw new IllegalArgumentException("confusion " + confusion
                    + " needs at least one positive and one negative for sensitivity and specificity");
        }
        if (sensitivity.estimate() != confusion.sensitivity() || specificity.estimate() != confusion.specificity()) {
            throw new IllegalArgumentException("sensitivity " + sensitivity.estimate() + " and specificity "
                    + specificity.estimate() + " do not match the confusion matrix's " + confusion.sensitivity()
                    + " and " + confusion.specificity());
        }
    }
}
