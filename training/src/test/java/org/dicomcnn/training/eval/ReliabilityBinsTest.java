package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReliabilityBinsTest {

    @Test
    void copiesTheListItIsGiven() {
        List<ReliabilityBins.Bin> list = new ArrayList<>(List.of(new ReliabilityBins.Bin(0, 1, 4, 0.5, 0.25)));
        ReliabilityBins bins = new ReliabilityBins(list);
        list.clear();
        assertEquals(1, bins.bins().size());
        assertEquals(0.25, bins.expectedCalibrationError());
    }

    @Test
    void hasNoCalibrationErrorWithoutSamples() {
        ReliabilityBins bins = new ReliabilityBins(List.of(new ReliabilityBins.Bin(0, 1, 0, Double.NaN, Double.NaN)));
        assertEquals(0, bins.expectedCalibrationError());
        assertEquals(0, bins.maximumCalibrationError());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("gap between bins", (Executable) () -> new ReliabilityBins(List.of(
                        new ReliabilityBins.Bin(0, 0.4, 1, 0.2, 0), new ReliabilityBins.Bin(0.5, 1, 1, 0.7, 1))),
                        "bin (0.5, 1.0] does not start where the previous one ends, at 0.4"),
                Arguments.of("short of 1", (Executable) () -> new ReliabilityBins(List.of(
                        new ReliabilityBins.Bin(0, 0.5, 1, 0.2, 0))),
                        "the last bin ends at 0.5, not 1"),
                Arguments.of("no bins", (Executable) () -> new ReliabilityBins(List.of()),
                        "bins is empty; at least one bin is needed"),
                Arguments.of("empty bin with a mean", (Executable) () -> new ReliabilityBins.Bin(0, 1, 0, 0.5, 0.5),
                        "empty bin (0.0, 1.0] must have NaN means, got 0.5 and 0.5"),
                Arguments.of("mean outside the bin", (Executable) () -> new ReliabilityBins.Bin(0, 0.5, 3, 0.7, 0.5),
                        "bin (0.0, 0.5] of 3 samples has mean predicted 0.7 and observed frequency 0.5; the first"
                                + " must lie in the bin, the second in [0, 1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsInconsistentBins(String label, Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
