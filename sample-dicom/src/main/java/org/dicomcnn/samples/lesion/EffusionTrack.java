package org.dicomcnn.samples.lesion;

import java.util.Objects;
import org.dicomcnn.samples.phantom.Side;

/**
 * A pleural effusion through a patient's studies: its volume in each study (0 where there is
 * none), as dependent fluid in one pleural space.
 *
 * @param id stable identity across studies, e.g. "E1"
 * @param side the pleural space
 * @param volumesMl one volume per study, in study order (0 = absent)
 * @param hu attenuation of the fluid
 */
public record EffusionTrack(String id, Side side, double[] volumesMl, double hu) {

    /** Largest volume the generator makes, ml (a large effusion fills the lower half of a lung). */
    public static final double MAX_VOLUME_ML = 1200;

    /** Validates and copies. */
    public EffusionTrack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(side, "side");
        volumesMl = volumesMl.clone();
        for (double v : volumesMl) {
            if (!(v >= 0 && v <= MAX_VOLUME_ML)) {
                throw new IllegalArgumentException("effusion " + id + " volume " + v + " ml outside 0.." + MAX_VOLUME_ML);
            }
        }
    }

    /** @return a copy of the per-study volumes */
    @Override
    public double[] volumesMl() {
        return volumesMl.clone();
    }

    /** @return the volume in study {@code index}, ml (0 beyond the list) */
    public double volumeMlIn(int index) {
        return index < volumesMl.length ? volumesMl[index] : 0;
    }

    /** @return whether fluid is present in study {@code index} */
    public boolean presentIn(int index) {
        return volumeMlIn(index) > 0;
    }
}
