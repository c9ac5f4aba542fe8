package org.dicomcnn.samples.phantom;

/**
 * One patient's build and tissue values: scale factors applied to the canonical chest, the
 * thickness of subcutaneous fat and per-patient attenuations.
 *
 * @param widthScale left-right scale (about 0.85..1.15)
 * @param depthScale antero-posterior scale
 * @param heightScale cranio-caudal scale
 * @param fatMm subcutaneous fat thickness, mm
 * @param lungHu mean aerated-lung attenuation
 * @param softTissueHu muscle and blood
 * @param fatHu subcutaneous fat
 * @param boneHu cortical bone
 */
public record BodyHabitus(double widthScale, double depthScale, double heightScale, double fatMm, double lungHu,
        double softTissueHu, double fatHu, double boneHu) {

    /** An average adult with nominal tissue values. */
    public static final BodyHabitus AVERAGE = new BodyHabitus(1, 1, 1, 18, Tissue.LUNG_HU, Tissue.SOFT_TISSUE_HU,
            Tissue.FAT_HU, Tissue.CORTICAL_BONE_HU);

    /** Keeps the values in the ranges the anatomy is built for. */
    public BodyHabitus {
        check("widthScale", widthScale, 0.7, 1.3);
        check("depthScale", depthScale, 0.7, 1.3);
        check("heightScale", heightScale, 0.7, 1.3);
        check("fatMm", fatMm, 2, 60);
        check("lungHu", lungHu, -950, -700);
        check("softTissueHu", softTissueHu, 0, 80);
        check("fatHu", fatHu, -150, -50);
        check("boneHu", boneHu, 300, 1200);
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " = " + v + " is outside " + lo + ".." + hi);
        }
    }

    /**
     * @param r random stream
     * @return a plausible adult
     */
    public static BodyHabitus random(PhantomRandom r) {
        double size = r.gaussian(0, 1);
        return new BodyHabitus(1 + 0.07 * size + r.gaussian(0, 0.02), 1 + 0.07 * size + r.gaussian(0, 0.03),
                r.gaussian(1, 0.05), r.uniform(6, 40), r.uniform(-875, -825), r.uniform(35, 50), r.uniform(-110, -85),
                r.uniform(650, 750));
    }
}
