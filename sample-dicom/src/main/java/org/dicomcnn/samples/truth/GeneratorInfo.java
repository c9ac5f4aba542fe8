package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * What made a file.
 *
 * @param name the generator
 * @param modelVersion version of the phantom model; bumped whenever the same seed would give
 *     different voxels
 * @param seed the seed
 * @param preset "cohort" or "committed-samples"
 */
@JsonPropertyOrder({"name", "modelVersion", "seed", "preset"})
public record GeneratorInfo(String name, int modelVersion, long seed, String preset) {

    /** The generator's name. */
    public static final String NAME = "dicomcnn sample-dicom phantom generator";

    /** The current model version. */
    public static final int MODEL_VERSION = 1;

    /** Requires the texts. */
    public GeneratorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(preset, "preset");
    }
}
