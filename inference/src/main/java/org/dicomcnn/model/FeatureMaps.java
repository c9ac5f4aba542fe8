package org.dicomcnn.model;

import java.util.Arrays;

/**
 * Logits and feature maps of one batch, as plain Java arrays.
 *
 * @param logits n rows of one logit per class
 * @param maps the feature maps, n &times; channels &times; height &times; width, row-major
 * @param channels feature channels K
 * @param height feature-map rows h
 * @param width feature-map columns w
 */
public record FeatureMaps(float[][] logits, float[] maps, int channels, int height, int width) {

    /** Checks the array length matches the shape. */
    public FeatureMaps {
        checkShape(logits, maps, channels, height, width, "maps");
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
     * One feature map, copied.
     *
     * @param sample index in the batch
     * @param channel feature channel
     * @return height &times; width values, row-major
     */
    public float[] map(int sample, int channel) {
        int plane = height * width;
        int from = (sample * channels + channel) * plane;
        return Arrays.copyOfRange(maps, from, from + plane);
    }

    static void checkShape(float[][] logits, float[] values, int channels, int height, int width, String what) {
        if (logits == null || values == null) {
            throw new IllegalArgumentException("logits and " + what + " are required");
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(what + " shape " + channels + "x" + height + "x" + width
                    + " must be positive");
        }
        long expected = (long) logits.length * channels * height * width;
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " hold " + values.length + " values; " + logits.length + " x "
                    + channels + " x " + height + " x " + width + " = " + expected + " expected");
        }
    }
}
