package org.dicomcnn.temporal;

import java.time.LocalDate;

/**
 * One lesion as measured in one study: the input of {@link ChangeAnalysis}.
 *
 * <p>The mean diameter is the one the growth criteria speak of: Lung-RADS v2022 (ACR) defines it
 * as the average of the long and short axes, measured to one decimal place on lung windows.
 * Nothing here rounds; the value is used as given.
 *
 * @param date the study date
 * @param meanDiameterMm mean diameter, mm; finite and greater than 0
 * @param volumeMl volume, ml; finite and greater than 0
 * @param probability the finding's probability of being a lesion (or malignant, as the model
 *     says), 0..1
 */
public record LesionMeasurement(LocalDate date, double meanDiameterMm, double volumeMl, double probability) {

    /** Checks the date is present, both sizes are finite and positive and the probability is 0..1. */
    public LesionMeasurement {
        if (date == null) {
            throw new IllegalArgumentException("measurement date is missing");
        }
        if (!(meanDiameterMm > 0) || Double.isInfinite(meanDiameterMm)) {
            throw new IllegalArgumentException("meanDiameterMm " + meanDiameterMm + " on " + date
                    + " must be finite and greater than 0");
        }
        if (!(volumeMl > 0) || Double.isInfinite(volumeMl)) {
            throw new IllegalArgumentException("volumeMl " + volumeMl + " on " + date
                    + " must be finite and greater than 0");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability " + probability + " on " + date + " must be 0..1");
        }
    }
}
