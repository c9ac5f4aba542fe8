package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemperatureScalingTest {

    private static final String MULTI = TemperatureScaling.TASK_MULTI_LABEL;
    private static final String SOFTMAX = TemperatureScaling.TASK_SOFTMAX;
    private static final int SAMPLES = 20_000;

    @Test
    void recoversAKnownTemperatureOfSigmoidLabels() {
        double t0 = 2.5;
        Synthetic.Rows d = Synthetic.multiLabel(SAMPLES, 1, 4, t0, 101);
        double t = TemperatureScaling.fit(d.logits(), d.positive(), MULTI);
        assertEquals(t0, t, 0.05 * t0);
    }

    @Test
    void recoversAKnownTemperatureSharedByThreeClasses() {
        double t0 = 0.7;
        Synthetic.Rows d = Synthetic.multiLabel(SAMPLES, 3, 2, t0, 102);
        assertEquals(t0, TemperatureScaling.fit(d.logits(), d.positive(), MULTI), 0.05 * t0);
    }

    @Test
    void recoversAKnownTemperatureOfSoftmaxLabels() {
        double t0 = 1.8;
        Synthetic.Rows d = Synthetic.softmax(SAMPLES, 4, 3, t0, 103);
        assertEquals(t0, TemperatureScaling.fit(d.logits(), d.positive(), SOFTMAX), 0.05 * t0);
    }

    @Test
    void fittedTemperatureLowersTheNegativeLogLikelihood() {
        Synthetic.Rows d = Synthetic.softmax(5000, 3, 3, 2, 104);
        double t = TemperatureScaling.fit(d.logits(), d.positive(), SOFTMAX);
        double fitted = TemperatureScaling.negativeLogLikelihood(d.logits(), d.positive(), SOFTMAX, t);
        assertTrue(fitted < TemperatureScaling.negativeLogLikelihood(d.logits(), d.positive(), SOFTMAX, 1));
        assertTrue(fitted <= TemperatureScaling.negativeLogLikelihood(d.logits(), d.positive(), SOFTMAX, t * 1.01));
        assertTrue(fitted <= TemperatureScaling.negativeLogLikelihood(d.logits(), d.positive(), SOFTMAX, t / 1.01));
    }

    @Test
    void negativeLogLikelihoodMatchesHandComputedValues() {
        double log2 = Math.log(2);
        assertEquals(log2, TemperatureScaling.negativeLogLikelihood(new double[][] {{0}}, new boolean[][] {{true}},
                MULTI, 1), 1e-15);
        assertEquals(log2, TemperatureScaling.negativeLogLikelihood(new double[][] {{3, 3}},
                new boolean[][] {{false, true}}, SOFTMAX, 1), 1e-15);
        // z = 2 at T = 2 is sigmoid(1); a negative label costs log(1 + e)
        assertEquals(Math.log1p(Math.E), TemperatureScaling.negativeLogLikelihood(new double[][] {{2}},
                new boolean[][] {{false}}, MULTI, 2), 1e-15);
        // softmax over (0, ln 3) with the second true: p = 3/4
        assertEquals(-Math.log(0.75), TemperatureScaling.negativeLogLikelihood(new double[][] {{0, Math.log(3)}},
                new boolean[][] {{false, true}}, SOFTMAX, 1), 1e-15);
    }

    @Test
    void negativeLogLikelihoodStaysFiniteForHugeLogits() {
        double[][] z = {{1e4, -1e4}, {-1e4, 1e4}};
        boolean[][] right = {{true, false}, {false, true}};
        boolean[][] wrong = {{false, true}, {true, false}};
        assertEquals(0, TemperatureScaling.negativeLogLikelihood(z, right, MULTI, 1), 1e-12);
        assertEquals(1e4, TemperatureScaling.negativeLogLikelihood(z, wrong, MULTI, 1), 1e-9);
        assertEquals(2e4, TemperatureScaling.negativeLogLikelihood(z, wrong, SOFTMAX, 1), 1e-9);
    }

    @Test
    void separableDataEndAtTheSmallestTemperature() {
        double[][] z = {{-2}, {-1}, {1}, {2}};
        boolean[][] y = {{false}, {false}, {true}, {true}};
        assertEquals(TemperatureScaling.MIN_TEMPERATURE, TemperatureScaling.fit(z, y, MULTI), 1e-6);
    }

    static Stream<Arguments> malformed() {
        double[][] z = {{0.1, 0.2}, {0.3, 0.4}};
        boolean[][] y = {{true, false}, {false, true}};
        return Stream.of(
                Arguments.of("unknown task", (Executable) () -> TemperatureScaling.fit(z, y, "sigmoid"),
                        "task 'sigmoid' is not one of multi-label, softmax"),
                Arguments.of("row count mismatch", (Executable) () -> TemperatureScaling.fit(z,
                        new boolean[][] {{true, false}}, MULTI),
                        "logits hold 2 rows but positive holds 1; they must be the same length"),
                Arguments.of("ragged rows", (Executable) () -> TemperatureScaling.fit(new double[][] {{0.1, 0.2}, {0.3}},
                        y, MULTI),
                        "row 1 holds 1 logits and 2 labels; every row must hold 2 of each, as row 0 does"),
                Arguments.of("NaN logit", (Executable) () -> TemperatureScaling.fit(
                        new double[][] {{0.1, Double.NaN}, {0.3, 0.4}}, y, MULTI),
                        "logits[0][1] is NaN; every logit must be finite"),
                Arguments.of("two true classes", (Executable) () -> TemperatureScaling.fit(z,
                        new boolean[][] {{true, false}, {true, true}}, SOFTMAX),
                        "row 1 marks 2 true classes; task softmax needs exactly one per row"),
                Arguments.of("softmax with one class", (Executable) () -> TemperatureScaling.fit(
                        new double[][] {{1}}, new boolean[][] {{true}}, SOFTMAX),
                        "logits rows hold 1 classes; task softmax needs at least 2"),
                Arguments.of("empty", (Executable) () -> TemperatureScaling.fit(new double[0][], new boolean[0][], MULTI),
                        "logits are empty; at least one sample is needed"),
                Arguments.of("zero temperature", (Executable) () ->
                        TemperatureScaling.negativeLogLikelihood(z, y, MULTI, 0),
                        "temperature 0.0 must be finite and above 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputNamingTheProblem(String label, Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
