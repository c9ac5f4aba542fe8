package org.dicomcnn.localize;

import java.util.List;
import java.util.Objects;
import org.dicomcnn.volume.Vec3;

/**
 * One thing the model found in one study.
 *
 * @param findingClass the model's class name, e.g. "nodule"
 * @param probability the probability of the class for this finding, calibrated when the model
 *     bundle has a calibration
 * @param calibrated whether {@code probability} went through the bundle's calibration
 * @param centreVoxel centre in voxel coordinates (column, row, slice; fractional)
 * @param centreMm centre in patient coordinates, mm
 * @param boundingBox voxel bounds, inclusive: min column, min row, min slice, max column, max row,
 *     max slice
 * @param diameterMm estimated diameter: the diameter of the sphere of the same volume
 * @param longAxisMm the longest in-plane extent on the slice where it is widest, mm
 * @param volumeMl estimated volume, ml
 * @param supportingSlices the slices it lies on, with their SOP Instance UIDs
 * @param provenance how it was placed
 * @param footprint the voxels it was measured on, slice by slice ({@link Footprint#NONE} when it
 *     was not segmented here, e.g. read back from a report)
 */
public record Finding(
        String findingClass,
        double probability,
        boolean calibrated,
        double[] centreVoxel,
        Vec3 centreMm,
        int[] boundingBox,
        double diameterMm,
        double longAxisMm,
        double volumeMl,
        List<SupportingSlice> supportingSlices,
        Provenance provenance,
        Footprint footprint) {

    /** Validates ranges and copies arrays. */
    public Finding {
        Objects.requireNonNull(findingClass, "findingClass");
        Objects.requireNonNull(centreMm, "centreMm");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(footprint, "footprint");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in 0..1, not " + probability);
        }
        if (centreVoxel.length != 3 || boundingBox.length != 6) {
            throw new IllegalArgumentException("centreVoxel needs 3 values and boundingBox 6");
        }
        if (!(diameterMm >= 0) || !(volumeMl >= 0) || !(longAxisMm >= 0)) {
            throw new IllegalArgumentException("sizes must be non-negative");
        }
        centreVoxel = centreVoxel.clone();
        boundingBox = boundingBox.clone();
        supportingSlices = List.copyOf(supportingSlices);
    }

    /** A finding with no footprint: one read back from a report, or made by hand. */
    public Finding(String findingClass, double probability, boolean calibrated, double[] centreVoxel, Vec3 centreMm,
            int[] boundingBox, double diameterMm, double longAxisMm, double volumeMl,
            List<SupportingSlice> supportingSlices, Provenance provenance) {
        this(findingClass, probability, calibrated, centreVoxel, centreMm, boundingBox, diameterMm, longAxisMm,
                volumeMl, supportingSlices, provenance, Footprint.NONE);
    }

    @Override
    public double[] centreVoxel() {
        return centreVoxel.clone();
    }

    @Override
    public int[] boundingBox() {
        return boundingBox.clone();
    }

    /**
     * A slice that supports a finding.
     *
     * @param sliceIndex index in the volume
     * @param sopInstanceUid the SOP Instance UID of its image
     * @param frameIndex the frame within a multi-frame image (0 otherwise)
     */
    public record SupportingSlice(int sliceIndex, String sopInstanceUid, int frameIndex) {}

    /**
     * How a finding was placed.
     *
     * @param method "grad-cam", "score-cam", "occlusion" or "region-scoring"
     * @param detail parameters of the method (layer, patch size, thresholds), human-readable
     * @param segmentation how its extent was measured on the image, e.g. "half-maximum region
     *     growing from the heatmap peak"
     */
    public record Provenance(String method, String detail, String segmentation) {
        /** Requires all parts. */
        public Provenance {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(segmentation, "segmentation");
        }
    }
}
