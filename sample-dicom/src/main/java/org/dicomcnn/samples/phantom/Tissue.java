package org.dicomcnn.samples.phantom;

/**
 * Nominal attenuations (HU) of the phantom's materials, unenhanced CT at 120 kV. Per-patient
 * values vary around some of them (see {@link BodyHabitus}).
 */
public final class Tissue {

    /** Air outside the body and in the airways. */
    public static final double AIR_HU = -1000;
    /** Aerated lung, nominal. */
    public static final double LUNG_HU = -850;
    /** Subcutaneous fat, nominal. */
    public static final double FAT_HU = -100;
    /** Mediastinal fat. */
    public static final double MEDIASTINAL_FAT_HU = -90;
    /** Muscle and unenhanced blood, nominal. */
    public static final double SOFT_TISSUE_HU = 40;
    /** Liver. */
    public static final double LIVER_HU = 55;
    /** Spleen, stomach wall. */
    public static final double UPPER_ABDOMEN_HU = 45;
    /** Airway wall. */
    public static final double AIRWAY_WALL_HU = 30;
    /** Cerebrospinal fluid and cord in the canal. */
    public static final double CANAL_HU = 20;
    /** Intervertebral disc. */
    public static final double DISC_HU = 80;
    /** Cancellous bone inside vertebral bodies. */
    public static final double CANCELLOUS_BONE_HU = 250;
    /** Cortical bone of ribs and spine, nominal (the issue's "near 700 HU"). */
    public static final double CORTICAL_BONE_HU = 700;
    /** Sternum (thin cortex, much marrow). */
    public static final double STERNUM_HU = 500;
    /** Costal cartilage. */
    public static final double CARTILAGE_HU = 120;
    /** Pleural effusion (transudate), nominal. */
    public static final double PLEURAL_FLUID_HU = 10;
    /** The table's carbon-fibre shell. */
    public static final double TABLE_SHELL_HU = 250;
    /** The table's foam core. */
    public static final double TABLE_FOAM_HU = -900;

    private Tissue() {}
}
