package org.dicomcnn.training.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * Scores and their binary labels, checked once: same length, not empty, no NaN. Package-private;
 * the public classes take plain arrays and validate through it so that every method words its
 * errors the same way.
 */
final class LabelledScores {

    private final String name;
    private final double[] scores;
    private final boolean[] positive;
    private final int positives;

    private LabelledScores(String name, double[] scores, boolean[] positive, int positives) {
        this.name = name;
        this.scores = scores;
        this.positive = positive;
        this.positives = positives;
    }

    /**
     * Validates scores against labels.
     *
     * @param name how messages call the scores ("scores", "probabilities")
     * @param scores the scores; not copied, the caller must not change them while in use
     * @param positive the labels
     * @return the checked pair
     */
    static LabelledScores of(String name, double[] scores, boolean[] positive) {
        Objects.requireNonNull(scores, name);
        Objects.requireNonNull(positive, "positive");
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(name + " hold " + scores.length + " values but positive holds "
                    + positive.length + " labels; they must be the same length");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException(name + " and positive are empty; at least one sample is needed");
        }
        int pos = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is NaN; every one of the " + scores.length
                        + " " + name + " must be a number");
            }
            if (positive[i]) {
                pos++;
            }
        }
        return new LabelledScores(name, scores, positive, pos);
    }

    /**
     * Requires at least one positive and one negative.
     *
     * @param purpose what needs both, for the message ("AUC")
     * @return this
     */
    LabelledScores requireBothClasses(String purpose) {
        if (positives == 0 || negatives() == 0) {
            throw new IllegalArgumentException("no " + (positives == 0 ? "positive" : "negative") + " samples among "
                    + scores.length + " (" + positives + " positive, " + negatives() + " negative); " + purpose
                    + " needs at least one positive and one negative");
        }
        return this;
    }

    /**
     * Requires every score to lie in [0, 1].
     *
     * @return this
     */
    LabelledScores requireProbabilities() {
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + scores[i] + " lies outside [0, 1]");
            }
        }
        return this;
    }

    int size() {
        return scores.length;
    }

    int positives() {
        return positives;
    }

    int negatives() {
        return scores.length - positives;
    }

    double score(int i) {
        return scores[i];
    }

    boolean isPositive(int i) {
        return positive[i];
    }

    /**
     * Sample indices in ascending order of score. Ties keep index order, but every caller treats a
     * run of equal scores as one group, so that order never shows in a result.
     *
     * @return the indices
     */
    int[] ascendingOrder() {
        Integer[] boxed = new Integer[scores.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        // -0.0 + 0.0 is 0.0: signed zeros compare equal here as they do under ==
        Arrays.sort(boxed, (a, b) -> Double.compare(scores[a] + 0.0, scores[b] + 0.0));
        int[] order = new int[boxed.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    /**
     * The start of each run of equal scores in an ascending order, plus the end.
     *
     * @param order {@link #ascendingOrder()}
     * @return group starts (positions in {@code order}); the last element is {@code order.length}
     */
    int[] tieGroupStarts(int[] order) {
        int[] starts = new int[order.length + 1];
        int groups = 0;
        for (int i = 0; i < order.length; i++) {
            if (i == 0 || scores[order[i]] != scores[order[i - 1]]) {
                starts[groups++] = i;
            }
        }
        starts[groups++] = order.length;
        return Arrays.copyOf(starts, groups);
    }
}
