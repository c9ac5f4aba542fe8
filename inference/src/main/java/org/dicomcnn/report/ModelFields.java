package org.dicomcnn.report;

import java.util.Objects;
import org.dicomcnn.pipeline.StudyAnalysis;

/**
 * The model that produced a result, as every document and every CSV row names it:
 * {@code model_name}, {@code model_version}, {@code model_sha256} (SHA-256 of the bundle's
 * weights file).
 *
 * @param modelName the bundle's model name
 * @param modelVersion its version
 * @param modelSha256 SHA-256 of its weights, 64 hex digits
 */
public record ModelFields(String modelName, String modelVersion, String modelSha256) {

    /** Requires all three. */
    public ModelFields {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(modelSha256, "modelSha256");
    }

    /**
     * @param m the identity an analysis carries
     * @return the same as report fields
     */
    public static ModelFields of(StudyAnalysis.ModelIdentity m) {
        return new ModelFields(m.name(), m.version(), m.weightsSha256());
    }
}
