/**
 * Training and evaluation of the classifiers the inference module runs: datasets built from
 * DICOM folders and labels ({@code data}), the DJL trainer ({@code train}), evaluation and
 * calibration ({@code eval}), model-bundle export with a model card ({@code export}) and the
 * command line ({@code cli}). Inputs come from the inference module's
 * {@link org.dicomcnn.preprocess.Preprocessor}: one code path for training and inference.
 */
package org.dicomcnn.training;
