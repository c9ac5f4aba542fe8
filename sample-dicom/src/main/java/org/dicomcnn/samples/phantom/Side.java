package org.dicomcnn.samples.phantom;

/** The patient's right or left (negative or positive x in the DICOM patient frame). */
public enum Side {
    /** Patient right, x &lt; 0. */
    RIGHT(-1),
    /** Patient left, x &gt; 0. */
    LEFT(1);

    private final int sign;

    Side(int sign) {
        this.sign = sign;
    }

    /** @return -1 for right, +1 for left: the sign of x on this side */
    public int sign() {
        return sign;
    }

    /** @return "right" or "left", as written in the ground truth */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
