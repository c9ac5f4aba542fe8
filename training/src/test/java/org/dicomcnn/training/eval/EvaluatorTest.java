package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluatorTest {

    private static final int RESAMPLES = 500;
    private static final long SEED = 42;

    private static Synthetic.Labelled probabilities(long seed) {
        Synthetic.Labelled d = Synthetic.gaussian(600, 0.25, 1.5, seed);
        double[] p = new double[d.scores().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Synthetic.sigmoid(d.scores()[i] - 1);
        }
        return new Synthetic.Labelled(p, d.positive());
    }

    @Test
    void evaluatesOneClassFromItsParts() {
        Synthetic.Labelled d = probabilities(1);
        ClassEvaluation e = Evaluator.evaluate("nodule", d.scores(), d.positive(), 0.4, RESAMPLES, SEED);
        assertEquals("nodule", e.className());
        assertEquals(e.positives() + e.negatives(), d.scores().length);
        assertEquals(Roc.aucWithBootstrap(d.scores(), d.positive(), RESAMPLES, SEED), e.auc());
        assertEquals(OperatingPoints.at(d.scores(), d.positive(), 0.4), e.operatingPoint());
        assertEquals(CalibrationMetrics.reliability(d.scores(), d.positive(), Evaluator.CALIBRATION_BINS),
                e.reliability());
        assertEquals(CalibrationMetrics.expectedCalibrationError(d.scores(), d.positive(), 10), e.ece(), 0);
    }

    @Test
    void evaluatesTheAucByPatientOnlyWhenGivenPatients() {
        Synthetic.Labelled d = probabilities(1);
        String[] patient = new String[d.scores().length];
        for (int i = 0; i < patient.length; i++) {
            patient[i] = "patient-" + i / 3;
        }
        ClassEvaluation clustered = Evaluator.evaluate("nodule", d.scores(), d.positive(), patient, 0.4, RESAMPLES,
                SEED);
        ClassEvaluation plain = Evaluator.evaluate("nodule", d.scores(), d.positive(), 0.4, RESAMPLES, SEED);
        assertEquals(Roc.aucWithClusterBootstrap(d.scores(), d.positive(), patient, RESAMPLES, SEED),
                clustered.aucByPatient());
        assertNull(plain.aucByPatient());
        assertEquals(plain.auc(), clustered.auc());
        assertEquals(plain.operatingPoint(), clustered.operatingPoint());
        assertEquals(plain.ece(), clustered.ece(), 0);
    }

    @Test
    void evaluatesEveryClassAsItsOwnColumn() {
        Synthetic.Labelled a = probabilities(2);
        Synthetic.Labelled b = probabilities(3);
        int n = a.scores().length;
        double[][] p = new double[n][];
        boolean[][] y = new boolean[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {a.scores()[i], b.scores()[i]};
            y[i] = new boolean[] {a.positive()[i], b.positive()[i]};
        }
        List<ClassEvaluation> all = Evaluator.evaluateAll(List.of("nodule", "consolidation"), p, y,
                new double[] {0.3, 0.6}, RESAMPLES, SEED);
        assertEquals(List.of(
                Evaluator.evaluate("nodule", a.scores(), a.positive(), 0.3, RESAMPLES, SEED),
                Evaluator.evaluate("consolidation", b.scores(), b.positive(), 0.6, RESAMPLES, SEED)), all);
    }

    static Stream<Arguments> malformed() {
        double[][] p = {{0.1, 0.9}, {0.8, 0.2}};
        boolean[][] y = {{false, true}, {true, false}};
        return Stream.of(
                Arguments.of("class without positives", (Executable) () -> Evaluator.evaluate("nodule",
                        new double[] {0.1, 0.2}, new boolean[] {false, false}, 0.5, RESAMPLES, SEED),
                        "class 'nodule': no positive samples among 2 (0 positive, 2 negative); evaluation needs at"
                                + " least one positive and one negative"),
                Arguments.of("logits instead of probabilities", (Executable) () -> Evaluator.evaluate("nodule",
                        new double[] {-2.5, 3}, new boolean[] {false, true}, 0.5, RESAMPLES, SEED),
                        "class 'nodule': probabilities[0] = -2.5 lies outside [0, 1]"),
                Arguments.of("duplicate class", (Executable) () -> Evaluator.evaluateAll(List.of("a", "a"), p, y,
                        new double[] {0.5, 0.5}, RESAMPLES, SEED),
                        "class 'a' is listed twice in [a, a]"),
                Arguments.of("threshold count", (Executable) () -> Evaluator.evaluateAll(List.of("a", "b"), p, y,
                        new double[] {0.5}, RESAMPLES, SEED),
                        "thresholds hold 1 values for 2 classes [a, b]"),
                Arguments.of("row width", (Executable) () -> Evaluator.evaluateAll(List.of("a", "b", "c"), p, y,
                        new double[] {0.5, 0.5, 0.5}, RESAMPLES, SEED),
                        "row 0 holds 2 probabilities and 2 labels for 3 classes [a, b, c]"),
                Arguments.of("too few resamples", (Executable) () -> Evaluator.evaluateAll(List.of("a", "b"), p, y,
                        new double[] {0.5, 0.5}, 5, SEED),
                        "class 'a': resamples 5 must be at least 100 for a 95% percentile interval"),
                Arguments.of("patients of another length", (Executable) () -> Evaluator.evaluate("nodule",
                        new double[] {0.1, 0.9}, new boolean[] {false, true}, new String[] {"a"}, 0.5, RESAMPLES, SEED),
                        "class 'nodule': cluster holds 1 keys but scores hold 2 values; they must be the same length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputNamingTheClassAndTheProblem(String label, Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
