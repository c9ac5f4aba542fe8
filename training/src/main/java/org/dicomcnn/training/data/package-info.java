/**
 * Labelled data for training: series found by {@link org.dicomcnn.dicom.DicomIndex}, labels from
 * a CSV keyed by SOP Instance, Series or Study Instance UID or from the phantom generator's ground
 * truth, per-slice labels computed once per series, splits by patient, and a bounded cache of
 * loaded volumes.
 */
package org.dicomcnn.training.data;
