package org.dicomcnn.samples.lesion;

import java.util.Locale;

/** What a lesion is; the names are the ground truth's {@code class} values. */
public enum LesionClass {
    /** Solid lung nodule, +20..+60 HU. */
    SOLID_NODULE,
    /** Ground-glass or part-solid nodule, -700..-300 HU, optionally with a solid core. */
    SUBSOLID_NODULE,
    /** Dependent pleural fluid near 10 HU at a lung base. */
    PLEURAL_EFFUSION;

    /** @return "solid_nodule", "subsolid_nodule" or "pleural_effusion" */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a {@link #jsonName()}
     * @return the class
     * @throws IllegalArgumentException for an unknown name
     */
    public static LesionClass fromJsonName(String name) {
        for (LesionClass c : values()) {
            if (c.jsonName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown lesion class '" + name + "'; expected solid_nodule, "
                + "subsolid_nodule or pleural_effusion");
    }
}
