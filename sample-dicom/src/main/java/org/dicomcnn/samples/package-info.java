/**
 * Synthetic CT studies with known ground truth, written as real DICOM with PixelMed: the writer
 * for CT Image Storage series, the deterministic UIDs they use and the generator's command line
 * ({@link org.dicomcnn.samples.GenerateSamples}, wrapped by {@code bin/generate-samples}).
 * Everything here is synthetic; identifiers are made up and files are labelled as such.
 *
 * <p>Sub-packages: {@code geometry} (vectors, rotations, rigid transforms), {@code phantom}
 * (shapes, anatomy, rendering, noise), {@code lesion} (nodules, effusions, growth), {@code cohort}
 * (patients, studies, acquisitions, the generator), {@code truth} (the ground-truth JSON) and
 * {@code codec} (RLE, JPEG lossless and JPEG 2000 encoders). The model and the JSON schema are
 * described in {@code docs/phantoms.md}.
 */
package org.dicomcnn.samples;
