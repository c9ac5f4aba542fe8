package org.dicomcnn.samples.truth;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounds values for the ground truth so files stay readable and stable. */
public final class Rounding {

    private Rounding() {}

    /**
     * @param v a value
     * @param decimals digits after the point
     * @return v rounded half-up (exact decimal arithmetic, so the same on every machine)
     */
    public static double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot write non-finite value " + v + " to the ground truth");
        }
        double r = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
        return r == 0 ? 0 : r; // no "-0"
    }

    /** Rounds every element. */
    public static double[] round(double[] v, int decimals) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = round(v[i], decimals);
        }
        return r;
    }
}
