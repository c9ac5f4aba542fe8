package org.dicomcnn.classify;

import java.util.List;

/**
 * A model's class probabilities for every slice of a volume, the series score per class and, for
 * classes with a candidate stage, the scored lesion candidates.
 *
 * @param classes the model's class names
 * @param probabilities {@code probabilities[slice][class]}, calibrated when the bundle has a
 *     calibration
 * @param calibrated whether they are calibrated
 * @param seriesProbabilities per class, by {@link SeriesScore}, or for a class with a candidate
 *     stage its most probable candidate's probability
 * @param candidates scored candidates of the classes with a candidate stage, most probable first
 */
public record SliceScores(List<String> classes, double[][] probabilities, boolean calibrated,
        double[] seriesProbabilities, List<Candidate> candidates) {

    /**
     * A lesion candidate scored by a candidate stage ({@link CandidateClassifier}).
     *
     * @param classIndex the class it was scored for
     * @param voxel its centre in voxel coordinates (column, row, slice; fractional)
     * @param diameterMm the proposer's estimate of its diameter (from the blob filter's scale)
     * @param probability the stage's probability that it is a lesion of the class
     */
    public record Candidate(int classIndex, double[] voxel, double diameterMm, double probability) {
        /** Copies the centre. */
        public Candidate {
            voxel = voxel.clone();
        }

        @Override
        public double[] voxel() {
            return voxel.clone();
        }
    }

    /** Scores without candidates. */
    public SliceScores(List<String> classes, double[][] probabilities, boolean calibrated,
            double[] seriesProbabilities) {
        this(classes, probabilities, calibrated, seriesProbabilities, List.of());
    }

    /** Checks shapes and copies. */
    public SliceScores {
        classes = List.copyOf(classes);
        candidates = List.copyOf(candidates);
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

    /** One class's scored candidates, most probable first. */
    public List<Candidate> candidatesOf(int classIndex) {
        return candidates.stream().filter(c -> c.classIndex() == classIndex).toList();
    }

    /**
     * The same scores with a class's candidates added and its series score set to the most
     * probable candidate's probability (0 without candidates).
     *
     * @param classIndex the class
     * @param scored its candidates, most probable first
     * @return new scores
     */
    public SliceScores withCandidates(int classIndex, List<Candidate> scored) {
        double[] series = seriesProbabilities.clone();
        series[classIndex] = scored.stream().mapToDouble(Candidate::probability).max().orElse(0);
        List<Candidate> all = new java.util.ArrayList<>(candidates);
        all.addAll(scored);
        return new SliceScores(classes, probabilities, calibrated, series, all);
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
