package org.dicomcnn.training.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scores, truth and patients gathered from predictions. */
class PredictionsTest {

    @Test
    void seriesAndSlicesCarryTheirPatientsKey() {
        List<Predictions> cohort = PatientCohort.predictions(5, 3, 1);
        Predictions.Scored series = Predictions.seriesLevel(cohort, 0);
        Predictions.Scored slices = Predictions.sliceLevel(cohort, 0);
        assertEquals(15, series.patientKeys().length);
        assertEquals(15 * PatientCohort.SLICES, slices.patientKeys().length);
        for (int i = 0; i < cohort.size(); i++) {
            String key = cohort.get(i).series().patientKey();
            assertEquals(key, series.patientKeys()[i]);
            for (int k = 0; k < PatientCohort.SLICES; k++) {
                assertEquals(key, slices.patientKeys()[i * PatientCohort.SLICES + k]);
            }
        }
        assertSame(series.patientKeys(), series.patientClusters());
    }

    @Test
    void onePatientGivesNoClustersToResample() {
        Predictions.Scored series = Predictions.seriesLevel(PatientCohort.predictions(1, 3, 1), 0);
        assertEquals(3, series.patientKeys().length);
        assertNull(series.patientClusters());
        assertNull(new Predictions.Scored(new double[] {0.2, 0.8}, new boolean[] {false, true}).patientClusters());
    }

    @Test
    void rejectsPatientKeysOfAnotherLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Predictions.Scored(
                new double[] {0.2, 0.8}, new boolean[] {false, true}, new String[] {"a"}));
        assertEquals("1 patient keys for 2 scores", e.getMessage());
        assertArrayEquals(new String[] {"a", "b"}, new Predictions.Scored(new double[] {0.2, 0.8},
                new boolean[] {false, true}, new String[] {"a", "b"}).patientKeys());
    }
}
