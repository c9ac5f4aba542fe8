package org.dicomcnn.model;

import java.util.Arrays;

/**
 * What Grad-CAM needs for one batch and one class: the logits, the trunk's feature maps A and the
 * gradient dy/dA of each sample's class logit y with respect to its own feature maps.
 *
 * @param logits n rows of one logit per class
 * @param maps the feature maps A, n &times; channels &times; height &times; width, row-major
 * @param gradients dy/dA, the same shape as {@code maps}
 * @param channels feature channels K
 * @param height feature-map rows h
 * @param width feature-map columns w
 * @param classIndex the class whose logit was differentiated
 */
public record FeatureGradients(float[][] logits, float[] maps, float[] gradients, int channels, int height, int width,
        int classIndex) {

    /** Checks the array lengths match the shape. */
    public FeatureGradients {
        FeatureMaps.checkShape(logits, maps, channels, height, width, "maps");
        FeatureMaps.checkShape(logits, gradients, channels, height, width, "gradients");
        if (logits.length > 0 && (classIndex < 0 || classIndex >= logits[0].length)) {
            throw new IllegalArgumentException("classIndex " + classIndex + " must be 0.." + (logits[0].length - 1));
        }
    }

    /**
     * The number of samples in the batch.
     *
     * @return n
     */
    public int count() {
        return logits.length;
    }

    /**
     * The feature maps and gradients without the logits.
     *
     * @return the feature maps
     */
    public FeatureMaps featureMaps() {
        return new FeatureMaps(logits, maps, channels, height, width);
    }

    /**
     * One gradient map, copied.
     *
     * @param sample index in the batch
     * @param channel feature channel
     * @return height &times; width values, row-major
     */
    public float[] gradient(int sample, int channel) {
        int plane = height * width;
        int from = (sample * channels + channel) * plane;
        return Arrays.copyOfRange(gradients, from, from + plane);
    }
}
