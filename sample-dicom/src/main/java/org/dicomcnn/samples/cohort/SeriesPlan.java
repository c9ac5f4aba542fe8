package org.dicomcnn.samples.cohort;

import java.util.Objects;
import org.dicomcnn.samples.phantom.ReconstructionKernel;

/**
 * One series of a study.
 *
 * @param number Series Number
 * @param folder folder name under the study folder
 * @param description Series Description
 * @param kernel reconstruction kernel (noise texture, Convolution Kernel)
 * @param acquisition slice geometry
 * @param noiseSigmaHu noise standard deviation, HU
 */
public record SeriesPlan(int number, String folder, String description, ReconstructionKernel kernel,
        Acquisition acquisition, double noiseSigmaHu) {

    /** Validates. */
    public SeriesPlan {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(acquisition, "acquisition");
        if (number < 1 || !(noiseSigmaHu >= 0)) {
            throw new IllegalArgumentException("series number must be >= 1 and noise >= 0");
        }
    }
}
