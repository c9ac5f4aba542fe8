/**
 * Evaluation and calibration of the trained classifiers, in plain Java on plain arrays of scores
 * and labels: ROC AUC with a stratified bootstrap interval, or one that resamples clusters of
 * correlated samples such as a patient's series ({@link org.dicomcnn.training.eval.Roc}),
 * operating points with Wilson score intervals
 * ({@link org.dicomcnn.training.eval.OperatingPoints}, {@link org.dicomcnn.training.eval.WilsonScore}),
 * expected calibration error and reliability bins
 * ({@link org.dicomcnn.training.eval.CalibrationMetrics}) with a PNG reliability diagram
 * ({@link org.dicomcnn.training.eval.ReliabilityDiagram}), and post-hoc calibration fitted on the
 * validation split ({@link org.dicomcnn.training.eval.TemperatureScaling}, whose temperature the
 * model bundle stores; {@link org.dicomcnn.training.eval.PlattScaling} for comparison).
 * {@link org.dicomcnn.training.eval.Evaluator} puts them together per class.
 *
 * <p>Conventions shared by every class here:
 * <ul>
 *   <li>a sample is called positive when its score is <em>at or above</em> the threshold, as the
 *       bundle manifest's operating points are read at inference;</li>
 *   <li>tied scores are never broken by input order: AUC counts a tied positive-negative pair as
 *       one half, and the ROC curve moves diagonally across a group of ties;</li>
 *   <li>interval estimates are 95% unless a method says otherwise;</li>
 *   <li>bad input (arrays of different lengths, NaN scores, a class with no positives or no
 *       negatives where both are needed, out-of-range parameters) is rejected with an
 *       {@link java.lang.IllegalArgumentException} whose message names the problem and the
 *       numbers; the only checked exception is the {@link java.io.IOException} of writing a
 *       diagram.</li>
 * </ul>
 *
 * <p>Statistics come from Apache Commons Math 3 (percentiles, the normal quantile, Brent's
 * minimiser, the random generator of the bootstrap); nothing here needs DJL or a GPU.
 */
package org.dicomcnn.training.eval;
