package org.dicomcnn.training.eval;

import java.util.Objects;

/**
 * The evaluation of one class on one split: discrimination (AUC with its bootstrap intervals),
 * the decision at the chosen operating point, and calibration. Made by {@link Evaluator}.
 *
 * @param className the class name, as the bundle manifest lists it; not blank
 * @param positives samples of the class, at least 1
 * @param negatives samples not of the class, at least 1
 * @param auc the ROC AUC with its 95% stratified bootstrap interval
 * @param aucByPatient the same AUC with a 95% bootstrap interval over clusters of samples (patients;
 *     {@link Roc#aucWithClusterBootstrap}), or null when no clusters were given
 * @param operatingPoint the confusion matrix, sensitivity and specificity at the threshold; its
 *     counts add up to {@code positives} and {@code negatives}
 * @param ece the expected calibration error of {@code reliability}, in [0, 1]
 * @param reliability the reliability bins the ECE was computed from
 */
public record ClassEvaluation(String className, int positives, int negatives, Interval auc,
        Interval aucByPatient, OperatingPointResult operatingPoint, double ece, ReliabilityBins reliability) {

    /** Checks the parts are present and consistent with each other. */
    public ClassEvaluation {
        Objects.requireNonNull(className, "className");
        if (className.isBlank()) {
            throw new IllegalArgumentException("className is blank");
        }
        Objects.requireNonNull(auc, "auc");
        if (aucByPatient != null && aucByPatient.estimate() != auc.estimate()) {
            throw new IllegalArgumentException("class " + className + ": the AUC by patient " + aucByPatient.estimate()
                    + " differs from the AUC " + auc.estimate() + "; both intervals must be about one estimate");
        }
        Objects.requireNonNull(operatingPoint, "operatingPoint");
        Objects.requireNonNull(reliability, "reliability");
        if (positives < 1 || negatives < 1) {
            throw new IllegalArgumentException("class " + className + " has " + positives + " positives and "
                    + negatives + " negatives; evaluation needs at least one of each");
        }
        ConfusionMatrix m = operatingPoint.confusion();
        if (m.positives() != positives || m.negatives() != negatives || reliability.total() != positives + negatives) {
            throw new IllegalArgumentException("class " + className + ": confusion matrix " + m + " and "
                    + reliability.total() + " binned samples do not add up to " + positives + " positives and "
                    + negatives + " negatives");
        }
        if (!(ece >= 0 && ece <= 1)) {
            throw new IllegalArgumentException("class " + className + ": ece " + ece + " must lie in [0, 1]");
        }
    }
}
