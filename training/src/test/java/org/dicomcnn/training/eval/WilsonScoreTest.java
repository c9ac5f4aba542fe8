package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WilsonScoreTest {

    /**
     * Newcombe (1998), Stat. Med. 17:857, Table II, method 3 (score interval without continuity
     * correction), to the four decimals printed there; and 8/10, the textbook example.
     */
    @ParameterizedTest(name = "{0}/{1} -> [{2}, {3}]")
    @CsvSource({
        "81, 263, 0.2553, 0.3662",
        "15, 148, 0.0624, 0.1605",
        "0, 20, 0.0000, 0.1611",
        "1, 29, 0.0061, 0.1718",
        "29, 29, 0.8830, 1.0000",
        "8, 10, 0.4902, 0.9433",
    })
    void matchesPublishedValues(long x, long n, double lower, double upper) {
        Interval i = WilsonScore.interval(x, n);
        assertEquals((double) x / n, i.estimate(), 0);
        assertEquals(lower, i.lower(), 5e-5);
        assertEquals(upper, i.upper(), 5e-5);
    }

    @Test
    void staysInsideTheUnitIntervalAndContainsTheEstimateAtTheExtremes() {
        Interval none = WilsonScore.interval(0, 3);
        Interval all = WilsonScore.interval(3, 3);
        assertEquals(0, none.lower());
        assertTrue(none.upper() > 0.4 && none.upper() < 1);
        assertEquals(1, all.upper());
        assertTrue(all.contains(1) && none.contains(0));
    }

    @Test
    void narrowsWithMoreTrialsAndWidensWithConfidence() {
        assertTrue(WilsonScore.interval(80, 100).width() < WilsonScore.interval(8, 10).width());
        assertTrue(WilsonScore.interval(8, 10, 0.99).width() > WilsonScore.interval(8, 10).width());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("no trials", (Executable) () -> WilsonScore.interval(0, 0),
                        "trials 0 must be at least 1 for a proportion"),
                Arguments.of("more successes than trials", (Executable) () -> WilsonScore.interval(5, 4),
                        "successes 5 must lie in 0..4"),
                Arguments.of("confidence 1", (Executable) () -> WilsonScore.interval(1, 4, 1),
                        "confidence 1.0 must lie strictly between 0 and 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsImpossibleCounts(String label, Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
