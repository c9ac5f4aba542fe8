package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * How a lesion changes over time.
 *
 * @param model "stable", "exponential_growth", "exponential_shrinkage" (nodules:
 *     V(t) = V0 2^(t / VDT)) or "per_study_volume" (effusions: a volume given per study)
 * @param volumeDoublingTimeDays VDT in days (negative: halving time); null when stable or
 *     per-study
 * @param referenceDate the date V0 applies to (ISO yyyy-mm-dd); null for effusions
 * @param referenceVolumeMl V0; null for effusions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"model", "volumeDoublingTimeDays", "referenceDate", "referenceVolumeMl"})
public record GrowthTruth(String model, Double volumeDoublingTimeDays, String referenceDate,
        Double referenceVolumeMl) {

    /** The effusion model name. */
    public static final String PER_STUDY_VOLUME = "per_study_volume";

    /** Requires the model. */
    public GrowthTruth {
        Objects.requireNonNull(model, "model");
    }
}
