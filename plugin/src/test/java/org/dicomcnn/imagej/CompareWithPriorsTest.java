package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the prior Compare With Priors shows ({@link MacroKeys#PRIOR}). */
class CompareWithPriorsTest {

    private static final List<LocalDate> PRIORS = List.of(LocalDate.of(2022, 11, 23), LocalDate.of(2022, 5, 25));

    @ParameterizedTest
    @ValueSource(strings = {"latest", "LATEST", " latest "})
    void readsLatestAsNoDate(String value) {
        assertEquals(Optional.empty(), CompareWithPriors.chosenPrior(value, PRIORS));
    }

    @Test
    void readsAPriorsStudyDate() {
        assertEquals(Optional.of(LocalDate.of(2022, 5, 25)), CompareWithPriors.chosenPrior("2022-05-25", PRIORS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-05-26", "2022-5-25", "25/05/2022", "", "first"})
    void rejectsAnythingElseNamingKeyValueAndThePriorsDates(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompareWithPriors.chosenPrior(value, PRIORS));
        assertEquals("bad value for key 'prior': '" + value + "'; expected latest or the Study Date (yyyy-MM-dd) of a "
                + "comparable prior: 2022-11-23, 2022-05-25", e.getMessage());
    }
}
