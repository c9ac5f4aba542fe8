package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Measurements are checked at construction, and the message names the bad value. */
class LesionMeasurementTest {

    private static final LocalDate DATE = LocalDate.of(2024, 2, 29);

    @Test
    void acceptsProbabilityBounds() {
        assertDoesNotThrow(() -> new LesionMeasurement(DATE, 0.5, 0.001, 0));
        assertDoesNotThrow(() -> new LesionMeasurement(DATE, 0.5, 0.001, 1));
    }

    @ParameterizedTest(name = "diameter {0}, volume {1}, probability {2}")
    @CsvSource({
        "0, 1, 0.5, meanDiameterMm 0.0",
        "-3, 1, 0.5, meanDiameterMm -3.0",
        "NaN, 1, 0.5, meanDiameterMm NaN",
        "Infinity, 1, 0.5, meanDiameterMm Infinity",
        "6, 0, 0.5, volumeMl 0.0",
        "6, -0.2, 0.5, volumeMl -0.2",
        "6, NaN, 0.5, volumeMl NaN",
        "6, Infinity, 0.5, volumeMl Infinity",
        "6, 1, -0.1, probability -0.1",
        "6, 1, 1.2, probability 1.2",
        "6, 1, NaN, probability NaN",
    })
    void rejectsBadValuesNamingThem(double diameterMm, double volumeMl, double probability, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LesionMeasurement(DATE, diameterMm, volumeMl, probability));

        assertTrue(e.getMessage().startsWith(message + " on 2024-02-29"), e.getMessage());
    }

    @Test
    void rejectsAMissingDate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LesionMeasurement(null, 6, 1, 0.5));

        assertTrue(e.getMessage().contains("date"), e.getMessage());
    }
}
