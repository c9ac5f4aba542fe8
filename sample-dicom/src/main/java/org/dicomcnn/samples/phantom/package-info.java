/**
 * The phantom model: analytic shapes with signed distances, HU layers painted in order with a
 * partial-volume ramp, the chest anatomy built from them in a canonical body frame, and the
 * renderer that samples a study's voxels (through that study's rigid repositioning) and adds
 * CT-like correlated noise. No DICOM here; {@code org.dicomcnn.samples.cohort} writes the files.
 */
package org.dicomcnn.samples.phantom;
