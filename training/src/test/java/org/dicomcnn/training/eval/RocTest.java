package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RocTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void aucIsOneForPerfectlySeparatedScores() {
        assertEquals(1.0, Roc.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {F, F, T, T}));
    }

    @Test
    void aucIsZeroForReversedScores() {
        assertEquals(0.0, Roc.auc(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {F, F, T, T}));
    }

    @Test
    void aucIsOneHalfWhenAllScoresTie() {
        assertEquals(0.5, Roc.auc(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, new boolean[] {F, T, F, T, T}));
    }

    @Test
    void aucCountsTiedPairsAsOneHalf() {
        // positives 0.9, 0.5, 0.5; negatives 0.5, 0.1. Of the 6 pairs, 0.9 beats both negatives (2),
        // each 0.5 ties the 0.5 (2 x 1/2) and beats 0.1 (2): U = 5, AUC = 5/6.
        double[] s = {0.5, 0.9, 0.1, 0.5, 0.5};
        boolean[] y = {T, T, F, F, T};
        assertEquals(5.0 / 6.0, Roc.auc(s, y), 0);
    }

    @Test
    void aucDoesNotDependOnTheOrderOfSamplesOrOfTies() {
        double[] s = {0.5, 0.9, 0.1, 0.5, 0.5};
        boolean[] y = {T, T, F, F, T};
        double[] s2 = {0.5, 0.5, 0.5, 0.1, 0.9};
        boolean[] y2 = {F, T, T, F, T};
        assertEquals(Roc.auc(s, y), Roc.auc(s2, y2), 0);
    }

    @Test
    void aucTreatsSignedZerosAsTies() {
        assertEquals(0.5, Roc.auc(new double[] {-0.0, 0.0}, new boolean[] {T, F}));
        assertEquals(0.5, Roc.auc(new double[] {0.0, -0.0}, new boolean[] {T, F}));
    }

    @Test
    void aucOrdersInfiniteScoresLikeAnyOther() {
        double[] s = {Double.NEGATIVE_INFINITY, 0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        // positives 0 and +inf, negatives -inf and +inf: 1 + 0 + 1 + 1/2 of 4 pairs
        assertEquals(0.625, Roc.auc(s, new boolean[] {F, T, T, F}));
    }

    @Test
    void bootstrapIntervalContainsTheEstimate() {
        Synthetic.Labelled d = Synthetic.gaussian(400, 0.3, 1.0, 7);
        Interval ci = Roc.aucWithBootstrap(d.scores(), d.positive(), 1000, 11);
        assertEquals(Roc.auc(d.scores(), d.positive()), ci.estimate(), 0);
        assertTrue(ci.lower() < ci.estimate() && ci.estimate() < ci.upper(), ci.toString());
        // the AUC of two unit normals one SD apart is Phi(1 / sqrt 2) = 0.760
        assertTrue(ci.contains(0.760), ci.toString());
    }

    @Test
    void bootstrapIsReproducibleForASeed() {
        Synthetic.Labelled d = Synthetic.gaussian(300, 0.4, 0.8, 3);
        Interval a = Roc.aucWithBootstrap(d.scores(), d.positive(), 500, 42);
        Interval b = Roc.aucWithBootstrap(d.scores(), d.positive(), 500, 42);
        Interval c = Roc.aucWithBootstrap(d.scores(), d.positive(), 500, 43);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(a.estimate(), c.estimate(), 0);
    }

    @Test
    void bootstrapNarrowsWithMoreData() {
        Synthetic.Labelled small = Synthetic.gaussian(100, 0.3, 1.0, 5);
        Synthetic.Labelled large = Synthetic.gaussian(4000, 0.3, 1.0, 5);
        Interval s = Roc.aucWithBootstrap(small.scores(), small.positive(), 1000, 1);
        Interval l = Roc.aucWithBootstrap(large.scores(), large.positive(), 1000, 1);
        // the width shrinks roughly as 1 / sqrt(n): 40 times the data, about a sixth of the width
        assertTrue(l.width() < s.width() / 3, "small " + s + ", large " + l);
    }

    @Test
    void bootstrapOfPerfectSeparationIsExactlyOne() {
        Interval ci = Roc.aucWithBootstrap(new double[] {1, 2, 3, 4, 5}, new boolean[] {F, F, T, T, T}, 200, 9);
        assertEquals(new Interval(1, 1, 1), ci);
    }

    @Test
    void bootstrapKeepsBothClassesInEveryResample() {
        // one positive among many: an unstratified bootstrap would lose it in about a third of the
        // resamples and have no AUC there; stratified, every resample has it
        double[] s = new double[200];
        boolean[] y = new boolean[200];
        for (int i = 0; i < s.length; i++) {
            s[i] = i;
        }
        y[150] = true;
        Interval ci = Roc.aucWithBootstrap(s, y, 500, 2);
        assertEquals(150.0 / 199, ci.estimate(), 1e-15);
        assertTrue(ci.lower() > 0.6 && ci.upper() < 0.9, ci.toString());
    }

    /** Each sample its own cluster: {@code "s0", "s1", ...}. */
    private static String[] ownClusters(int n) {
        String[] c = new String[n];
        for (int i = 0; i < n; i++) {
            c[i] = "s" + i;
        }
        return c;
    }

    @Test
    void clusterBootstrapWithOneSamplePerClusterEstimatesTheAuc() {
        Synthetic.Labelled d = Synthetic.gaussian(400, 0.3, 1.0, 7);
        Interval clustered = Roc.aucWithClusterBootstrap(d.scores(), d.positive(), ownClusters(400), 1000, 11);
        Interval stratified = Roc.aucWithBootstrap(d.scores(), d.positive(), 1000, 11);
        assertEquals(Roc.auc(d.scores(), d.positive()), clustered.estimate(), 0);
        assertTrue(clustered.lower() <= clustered.estimate() && clustered.estimate() <= clustered.upper(),
                clustered.toString());
        // independent samples: resampling them unstratified is about as wide as stratified
        assertEquals(1, clustered.width() / stratified.width(), 0.2, "clustered " + clustered + ", stratified "
                + stratified);
    }

    @Test
    void clusterBootstrapResamplesPatientsNotTheirRepeatedSeries() {
        // every patient's series is seen four times (four studies scoring alike): the data hold
        // 200 patients' worth of information, not 800 series' worth
        Synthetic.Labelled once = Synthetic.gaussian(200, 0.3, 1.0, 21);
        int repeats = 4;
        int n = once.scores().length * repeats;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        String[] patient = new String[n];
        for (int i = 0; i < n; i++) {
            scores[i] = once.scores()[i / repeats];
            positive[i] = once.positive()[i / repeats];
            patient[i] = "patient-" + i / repeats;
        }
        Interval clustered = Roc.aucWithClusterBootstrap(scores, positive, patient, 2000, 5);
        Interval bySeries = Roc.aucWithBootstrap(scores, positive, 2000, 5);
        Interval deduplicated = Roc.aucWithBootstrap(once.scores(), once.positive(), 2000, 5);
        String all = "clustered " + clustered + ", by series " + bySeries + ", de-duplicated " + deduplicated;
        assertEquals(Roc.auc(once.scores(), once.positive()), clustered.estimate(), 1e-15);
        // four copies of each series make the series bootstrap half as wide (1 / sqrt 4), wrongly
        assertTrue(clustered.width() > 1.6 * bySeries.width(), all);
        assertEquals(1, clustered.width() / deduplicated.width(), 0.2, all);
        // the clusters are drawn by number in order of first appearance, so four copies per
        // cluster draw exactly what one copy per cluster draws, and scale U and pairs alike
        assertEquals(Roc.aucWithClusterBootstrap(once.scores(), once.positive(), ownClusters(200), 2000, 5),
                clustered);
    }

    @Test
    void clusterBootstrapIsReproducibleForASeed() {
        Synthetic.Labelled d = Synthetic.gaussian(300, 0.4, 0.8, 3);
        String[] patient = new String[300];
        for (int i = 0; i < patient.length; i++) {
            patient[i] = "p" + i % 70;
        }
        Interval a = Roc.aucWithClusterBootstrap(d.scores(), d.positive(), patient, 500, 42);
        Interval b = Roc.aucWithClusterBootstrap(d.scores(), d.positive(), patient, 500, 42);
        Interval c = Roc.aucWithClusterBootstrap(d.scores(), d.positive(), patient, 500, 43);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(a.estimate(), c.estimate(), 0);
    }

    @Test
    void clusterBootstrapRedrawsResamplesThatLackAClass() {
        // 20 patients of 5 samples, positives only in patient 7: about a third of the draws miss
        // it (0.95^20) and have no AUC; they are drawn again
        double[] s = new double[100];
        boolean[] y = new boolean[100];
        String[] patient = new String[100];
        for (int i = 0; i < s.length; i++) {
            s[i] = i;
            patient[i] = "p" + i / 5;
        }
        y[36] = true;
        y[38] = true;
        Interval ci = Roc.aucWithClusterBootstrap(s, y, patient, 500, 2);
        assertEquals(Roc.auc(s, y), ci.estimate(), 0);
        assertTrue(ci.lower() > 0.1 && ci.upper() < 0.7 && ci.width() > 0.1, ci.toString());
    }

    @Test
    void clusterBootstrapRejectsAMissingClusterArrayByName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Roc.aucWithClusterBootstrap(new double[] {1, 2}, new boolean[] {T, F}, null, 1000, 1));
        assertEquals("cluster", e.getMessage());
    }

    @Test
    void curveRunsFromOriginToOneOneThroughEveryDistinctScore() {
        double[] s = {0.5, 0.9, 0.1, 0.5, 0.5};
        boolean[] y = {T, T, F, F, T};
        double[][] c = Roc.curve(s, y);
        assertArrayEquals(new double[] {0, 0, 0.5, 1}, c[0]);
        assertArrayEquals(new double[] {0, 1.0 / 3, 1, 1}, c[1]);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.9, 0.5, 0.1}, c[2]);
    }

    @Test
    void trapezoidalAreaUnderCurveEqualsAuc() {
        Synthetic.Labelled d = Synthetic.gaussian(500, 0.2, 1.2, 8);
        double[] tied = d.scores().clone();
        for (int i = 0; i < tied.length; i++) {
            tied[i] = Math.round(tied[i] * 4) / 4.0;
        }
        double[][] c = Roc.curve(tied, d.positive());
        double area = 0;
        for (int k = 1; k < c[0].length; k++) {
            area += (c[0][k] - c[0][k - 1]) * (c[1][k] + c[1][k - 1]) / 2;
        }
        assertEquals(Roc.auc(tied, d.positive()), area, 1e-12);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("length mismatch", (Executable) () -> Roc.auc(new double[] {1, 2, 3}, new boolean[] {T, F}),
                        "scores hold 3 values but positive holds 2 labels; they must be the same length"),
                Arguments.of("empty", (Executable) () -> Roc.auc(new double[0], new boolean[0]),
                        "scores and positive are empty; at least one sample is needed"),
                Arguments.of("no positives", (Executable) () -> Roc.auc(new double[] {1, 2, 3}, new boolean[] {F, F, F}),
                        "no positive samples among 3 (0 positive, 3 negative); AUC needs at least one positive"
                                + " and one negative"),
                Arguments.of("no negatives", (Executable) () -> Roc.aucWithBootstrap(new double[] {1, 2},
                        new boolean[] {T, T}, 1000, 1),
                        "no negative samples among 2 (2 positive, 0 negative); AUC needs at least one positive"
                                + " and one negative"),
                Arguments.of("NaN score", (Executable) () -> Roc.auc(new double[] {1, Double.NaN, 3},
                        new boolean[] {T, F, T}),
                        "scores[1] is NaN; every one of the 3 scores must be a number"),
                Arguments.of("too few resamples", (Executable) () -> Roc.aucWithBootstrap(new double[] {1, 2},
                        new boolean[] {T, F}, 10, 1),
                        "resamples 10 must be at least 100 for a 95% percentile interval"),
                Arguments.of("cluster length mismatch", (Executable) () -> Roc.aucWithClusterBootstrap(
                        new double[] {1, 2, 3}, new boolean[] {T, F, T}, new String[] {"a", "b"}, 1000, 1),
                        "cluster holds 2 keys but scores hold 3 values; they must be the same length"),
                Arguments.of("cluster key missing", (Executable) () -> Roc.aucWithClusterBootstrap(
                        new double[] {1, 2, 3}, new boolean[] {T, F, T}, new String[] {"a", null, "b"}, 1000, 1),
                        "cluster[1] is null; every one of the 3 samples needs a cluster"),
                Arguments.of("one cluster", (Executable) () -> Roc.aucWithClusterBootstrap(new double[] {1, 2, 3},
                        new boolean[] {T, F, T}, new String[] {"a", "a", "a"}, 1000, 1),
                        "all 3 samples are in one cluster; a cluster bootstrap needs at least 2"),
                Arguments.of("too few cluster resamples", (Executable) () -> Roc.aucWithClusterBootstrap(
                        new double[] {1, 2}, new boolean[] {T, F}, new String[] {"a", "b"}, 99, 1),
                        "resamples 99 must be at least 100 for a 95% percentile interval"),
                Arguments.of("curve without negatives", (Executable) () -> Roc.curve(new double[] {1},
                        new boolean[] {T}),
                        "no negative samples among 1 (1 positive, 0 negative); an ROC curve needs at least one"
                                + " positive and one negative"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputNamingTheProblem(String label, Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
