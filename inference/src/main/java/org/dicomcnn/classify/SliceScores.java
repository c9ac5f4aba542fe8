package org.dicomcnn.classify;

import java.util.List;

/**
 * A model's class probabilities for every slice of a volume, and the series score per class.
 *
 * @param classes the model's class names
 * @param probabilities {@code probabilities[slice][class]}, calibrated when the bundle has a
 *     calibration
 * @param calibrated whether they are calibrated
 * @param seriesProbabilities per class, by {@link SeriesScore}
 */
public record SliceScores(List<String> classes, double[][] probabilities, boolean calibrated,
        double[] seriesProbabilities) {

    /** Checks shapes and copies. */
    public SliceScores {
        classes = List.copyOf(classes);
        for (double[] p : probabilities) {
            if (p.length != classes.size()) {
                throw new IllegalArgumentException("a slice has " + p.length + " probabilities for " + classes.size()
                        + " classes");
            }
        }
        if (seriesProbabilities.length != classes.size()) {
            throw new IllegalArgumentException(seriesProbabilities.length + " series probabilities for "
                    + classes.size() + " classes");
        }
        probabilities = java.util.Arrays.stream(probabilities).map(double[]::clone).toArray(double[][]::new);
        seriesProbabilities = seriesProbabilities.clone();
    }

    /** Number of slices. */
    public int slices() {
        return probabilities.length;
    }

    /** One class's probability for every slice. */
    public double[] ofClass(int classIndex) {
        double[] out = new double[probabilities.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = probabilities[k][classIndex];
        }
        return out;
    }

    /** Builds scores from slice probabilities, computing the series score of each class. */
    public static SliceScores of(List<String> classes, double[][] probabilities, boolean calibrated) {
        double[] series = new double[classes.size()];
        for (int c = 0; c < series.length; c++) {
            double[] p = new double[probabilities.length];
            for (int k = 0; k < p.length; k++) {
                p[k] = probabilities[k][c];
            }
            series[c] = SeriesScore.of(p);
        }
        return new SliceScores(classes, probabilities, calibrated, series);
    }
}
