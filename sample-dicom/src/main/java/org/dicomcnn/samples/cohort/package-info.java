/**
 * Longitudinal patients and the files made from them: plans (who, when, how acquired, which
 * lesions), the planner that draws random cohorts and the fixed committed-samples preset, the
 * {@link org.dicomcnn.samples.cohort.PatientPhantom} that turns a plan into placed layers and
 * ground truth, and the generator that renders slices in parallel and writes DICOM series,
 * {@code ground-truth.json}, {@code cohort.json} and optional PNG previews.
 */
package org.dicomcnn.samples.cohort;
