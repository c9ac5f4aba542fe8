package org.dicomcnn.samples.lesion;

/**
 * Exponential volume change of a nodule: V(t) = V0 2<sup>t / VDT</sup>. A positive volume
 * doubling time (VDT) grows, a negative one shrinks (|VDT| is then the halving time), an
 * infinite one is stable. Diameters scale with the cube root of the volume.
 *
 * @param volumeDoublingTimeDays VDT in days; {@link Double#POSITIVE_INFINITY} for a stable nodule
 */
public record GrowthModel(double volumeDoublingTimeDays) {

    /** A nodule that does not change. */
    public static final GrowthModel STABLE = new GrowthModel(Double.POSITIVE_INFINITY);

    /** Rejects zero and NaN. */
    public GrowthModel {
        if (Double.isNaN(volumeDoublingTimeDays) || volumeDoublingTimeDays == 0
                || volumeDoublingTimeDays == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("volume doubling time must be non-zero (or +infinity for stable), got "
                    + volumeDoublingTimeDays);
        }
    }

    /** @return a growing (VDT &gt; 0) or shrinking (VDT &lt; 0) model */
    public static GrowthModel doublingEvery(double days) {
        return new GrowthModel(days);
    }

    /** @return whether the volume never changes */
    public boolean isStable() {
        return Double.isInfinite(volumeDoublingTimeDays);
    }

    /** @return "stable", "exponential_growth" or "exponential_shrinkage" */
    public String jsonName() {
        return isStable() ? "stable" : volumeDoublingTimeDays > 0 ? "exponential_growth" : "exponential_shrinkage";
    }

    /**
     * @param days time since the reference (may be negative)
     * @return V(t) / V0
     */
    public double volumeFactor(double days) {
        return isStable() ? 1 : StrictMath.pow(2, days / volumeDoublingTimeDays);
    }

    /**
     * @param days time since the reference
     * @return the factor on every diameter, the cube root of {@link #volumeFactor(double)}
     */
    public double diameterFactor(double days) {
        return StrictMath.cbrt(volumeFactor(days));
    }
}
