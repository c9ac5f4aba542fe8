/**
 * Synthetic CT studies with known ground truth, written as real DICOM with PixelMed: the writer
 * for CT Image Storage series and the deterministic UIDs they use. Everything here is synthetic;
 * identifiers are made up and files are labelled as such.
 */
package org.dicomcnn.samples;
