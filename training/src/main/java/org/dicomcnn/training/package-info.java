/**
 * Training and evaluation of the classifiers the inference module runs: datasets built from
 * DICOM folders and labels, the DJL trainer, evaluation, calibration and model-bundle export.
 * Filled by issue 5; it depends on {@code inference} for the one preprocessing code path shared
 * by training and inference.
 */
package org.dicomcnn.training;
