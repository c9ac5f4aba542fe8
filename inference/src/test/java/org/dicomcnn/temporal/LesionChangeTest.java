package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A lesion change refuses combinations that contradict themselves. */
class LesionChangeTest {

    private static final GrowthCriterion C = GrowthCriterion.LUNG_RADS_2022;
    private static final LesionMeasurement PRIOR = new LesionMeasurement(LocalDate.of(2024, 1, 1), 6, 0.1, 0.4);
    private static final LesionMeasurement CURRENT = new LesionMeasurement(LocalDate.of(2024, 4, 10), 8, 0.2, 0.6);
    private static final DoublingTime VDT_100 = DoublingTime.fromLogGrowth(Math.log(2), 0.5, 1.0, 100, "m");

    private static LesionChange both(ChangeStatus status, long intervalDays, Double diameterChange,
            DoublingTime vdt, boolean fast) {
        return new LesionChange(PRIOR, CURRENT, true, C, status, intervalDays, diameterChange, 0.33, 0.1, 1.0, 0.2,
                vdt, fast);
    }

    @Test
    void acceptsAConsistentChange() {
        assertDoesNotThrow(() -> both(ChangeStatus.GROWN, 100, 2.0, VDT_100, true));
        assertDoesNotThrow(() -> both(ChangeStatus.STABLE, 100, 2.0, VDT_100, false));
    }

    @Test
    void rejectsAStatusThatDoesNotFitTheMeasurements() {
        IllegalArgumentException newWithPrior = assertThrows(IllegalArgumentException.class,
                () -> both(ChangeStatus.NEW, 100, 2.0, VDT_100, false));
        IllegalArgumentException grownWithoutPrior = assertThrows(IllegalArgumentException.class,
                () -> new LesionChange(null, CURRENT, true, C, ChangeStatus.GROWN, null, null, null, null, null, null,
                        null, false));

        assertTrue(newWithPrior.getMessage().contains("status NEW does not fit prior present"),
                newWithPrior.getMessage());
        assertTrue(grownWithoutPrior.getMessage().contains("status GROWN does not fit prior absent"),
                grownWithoutPrior.getMessage());
    }

    @Test
    void rejectsChangeQuantitiesForASingleMeasurement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LesionChange(PRIOR, null, true, C, ChangeStatus.RESOLVED, 100L, null, null, null, null, null,
                        null, false));

        assertTrue(e.getMessage().contains("RESOLVED"), e.getMessage());
    }

    @Test
    void rejectsAnIntervalThatDoesNotMatchTheDates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> both(ChangeStatus.GROWN, 99, 2.0, VDT_100, true));

        assertTrue(e.getMessage().contains("intervalDays 99 must be the 100 days"), e.getMessage());
    }

    @Test
    void rejectsAMissingOrNonFiniteChange() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> both(ChangeStatus.GROWN, 100, Double.NaN, VDT_100, true));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> both(ChangeStatus.GROWN, 100, null, VDT_100, true));

        assertTrue(nan.getMessage().contains("diameterChangeMm NaN"), nan.getMessage());
        assertTrue(missing.getMessage().contains("diameterChangeMm null"), missing.getMessage());
    }

    @Test
    void rejectsAFastGrowthFlagThatContradictsItsDefinition() {
        IllegalArgumentException unflagged = assertThrows(IllegalArgumentException.class,
                () -> both(ChangeStatus.GROWN, 100, 2.0, VDT_100, false));
        IllegalArgumentException flaggedStable = assertThrows(IllegalArgumentException.class,
                () -> both(ChangeStatus.STABLE, 100, 2.0, VDT_100, true));
        IllegalArgumentException flaggedSubsolid = assertThrows(IllegalArgumentException.class,
                () -> new LesionChange(PRIOR, CURRENT, false, C, ChangeStatus.GROWN, 100L, 2.0, 0.33, 0.1, 1.0, 0.2,
                        VDT_100, true));

        assertTrue(unflagged.getMessage().contains("fastGrowth false must be true"), unflagged.getMessage());
        assertTrue(flaggedStable.getMessage().contains("fastGrowth true must be false"), flaggedStable.getMessage());
        assertTrue(flaggedSubsolid.getMessage().contains("solid false"), flaggedSubsolid.getMessage());
    }
}
