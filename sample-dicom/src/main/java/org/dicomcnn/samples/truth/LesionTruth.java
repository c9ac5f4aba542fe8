package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * One lesion in one study.
 *
 * @param id identity across the patient's studies ("N1", "E1")
 * @param lesionClass "solid_nodule", "subsolid_nodule" or "pleural_effusion" (JSON {@code class})
 * @param side "right" or "left"
 * @param present false when the lesion resolved before this study (then sizes are 0 and the
 *     centre is where it was)
 * @param status "baseline" (first study), "new", "growing", "stable", "shrinking" or "resolved",
 *     relative to the previous study
 * @param centreMm centre in this study's patient frame (effusions: centroid)
 * @param diametersMm extent along each of {@code axes}: a nodule's principal diameters
 *     (largest first); an effusion's extent along patient x, y, z
 * @param axes unit vectors (rows) in the patient frame that the diameters are measured along
 * @param extentMm size of the axis-aligned bounding box in the patient frame (x, y, z)
 * @param volumeMl volume, ml
 * @param meanHu mean attenuation inside the lesion, HU, before noise and partial volume
 * @param solidCoreDiameterMm largest diameter of a part-solid nodule's solid core (concentric,
 *     same shape); null if none
 * @param solidCoreHu attenuation of the solid core; null if none (the ground glass is then
 *     (meanHu - k^3 solidCoreHu) / (1 - k^3) with k = core / nodule diameter)
 * @param growth how it changes over time
 * @param previousVolumeMl volume in the previous study (0 if absent there); null in the first
 * @param volumeChangePercent change since the previous study; null in the first or when new
 * @param daysSincePrevious days since the previous study; null in the first
 * @param canonicalCentreMm centre in the canonical body frame (fixed for a nodule)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "class", "side", "present", "status", "centreMm", "diametersMm", "axes", "extentMm",
    "volumeMl", "meanHu", "solidCoreDiameterMm", "solidCoreHu", "growth", "previousVolumeMl", "volumeChangePercent",
    "daysSincePrevious", "canonicalCentreMm"})
public record LesionTruth(String id, @JsonProperty("class") String lesionClass, String side, boolean present,
        String status, double[] centreMm, double[] diametersMm, double[][] axes, double[] extentMm, double volumeMl,
        double meanHu, Double solidCoreDiameterMm, Double solidCoreHu, GrowthTruth growth, Double previousVolumeMl,
        Double volumeChangePercent, Integer daysSincePrevious, double[] canonicalCentreMm) {

    /** Requires identity and copies arrays. */
    public LesionTruth {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lesionClass, "lesionClass");
        Objects.requireNonNull(status, "status");
        if (centreMm.length != 3 || diametersMm.length != 3 || axes.length != 3 || extentMm.length != 3) {
            throw new IllegalArgumentException("lesion " + id + " needs 3-D centre, diameters, axes and extent");
        }
        centreMm = centreMm.clone();
        diametersMm = diametersMm.clone();
        axes = new double[][] {axes[0].clone(), axes[1].clone(), axes[2].clone()};
        extentMm = extentMm.clone();
        canonicalCentreMm = canonicalCentreMm == null ? null : canonicalCentreMm.clone();
    }

    @Override
    public double[] centreMm() {
        return centreMm.clone();
    }

    @Override
    public double[] diametersMm() {
        return diametersMm.clone();
    }

    @Override
    public double[][] axes() {
        return new double[][] {axes[0].clone(), axes[1].clone(), axes[2].clone()};
    }

    @Override
    public double[] extentMm() {
        return extentMm.clone();
    }

    @Override
    public double[] canonicalCentreMm() {
        return canonicalCentreMm == null ? null : canonicalCentreMm.clone();
    }
}
