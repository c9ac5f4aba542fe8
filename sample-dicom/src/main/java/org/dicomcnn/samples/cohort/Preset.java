package org.dicomcnn.samples.cohort;

import java.util.Locale;

/** Which patients to make. */
public enum Preset {

    /** Random longitudinal patients drawn from the seed (training and evaluation data). */
    COHORT("cohort"),

    /**
     * The three patients committed under {@code sample-dicom/studies}: a growing nodule, a nodule
     * stable over two years, a normal patient who develops an effusion.
     */
    COMMITTED_SAMPLES("committed-samples");

    private final String cliName;

    Preset(String cliName) {
        this.cliName = cliName;
    }

    /** @return the {@code --preset} value */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name a {@code --preset} value
     * @return the preset
     * @throws IllegalArgumentException naming the choices
     */
    public static Preset fromCliName(String name) {
        for (Preset p : values()) {
            if (p.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; expected cohort or committed-samples");
    }
}
