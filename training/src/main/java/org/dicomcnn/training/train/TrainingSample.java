package org.dicomcnn.training.train;

import java.util.Random;

/**
 * One labelled network input that {@link ModelTrainer} can draw: a slice of a series for the
 * slice classifier, a patch around a candidate for a candidate classifier.
 */
public interface TrainingSample {

    /**
     * Samples of one group read the same volume; the trainer visits a group's samples together
     * so that a bounded cache of volumes suffices.
     *
     * @return the group's key (a Series Instance UID)
     */
    String group();

    /**
     * @param c class index
     * @return whether the sample is positive for the class
     */
    boolean positive(int c);

    /**
     * @param c class index
     * @return whether its label for the class is known
     */
    boolean known(int c);

    /**
     * @param classes the number of classes
     * @return whether it is known to be negative for every class
     */
    default boolean negativeForAll(int classes) {
        for (int c = 0; c < classes; c++) {
            if (!known(c) || positive(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the network input.
     *
     * @param augmentation draws the augmentation; null for the input exactly as at run time
     * @param dst destination
     * @param offset where the input starts in {@code dst}
     */
    void fill(Random augmentation, float[] dst, int offset);
}
