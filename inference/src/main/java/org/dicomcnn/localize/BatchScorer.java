package org.dicomcnn.localize;

/**
 * Scores a batch of network inputs for one class: the model's probability for that class, per
 * input. Gradient-free heatmap methods call it; the classifier supplies it from the model
 * runtime, tests from a plain function.
 */
@FunctionalInterface
public interface BatchScorer {

    /**
     * @param batch n inputs of channels x size x size floats, one after the other
     * @param n number of inputs
     * @param classIndex the class
     * @return n probabilities
     * @throws Exception if the model fails
     */
    float[] score(float[] batch, int n, int classIndex) throws Exception;
}
