package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Names, descriptions and JSON form of the growth criteria; thresholds are in {@link ChangeAnalysisTest}. */
class GrowthCriterionTest {

    @Test
    void parsesCliNamesAndConstantNames() {
        assertEquals(GrowthCriterion.LUNG_RADS_2022, GrowthCriterion.parse("lung-rads-2022"));
        assertEquals(GrowthCriterion.FLEISCHNER_2017, GrowthCriterion.parse(" Fleischner-2017 "));
        assertEquals(GrowthCriterion.BTS_NELSON_VOLUME, GrowthCriterion.parse("BTS_NELSON_VOLUME"));
    }

    @Test
    void rejectsAnUnknownNameListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrowthCriterion.parse("recist"));

        assertEquals("growth criterion 'recist' is not one of lung-rads-2022, fleischner-2017, bts-nelson-volume",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(GrowthCriterion.class)
    void jsonUsesTheCliName(GrowthCriterion criterion) throws Exception {
        ObjectMapper json = new ObjectMapper();

        String text = json.writeValueAsString(criterion);

        assertEquals('"' + criterion.cliName() + '"', text);
        assertEquals(criterion, json.readValue(text, GrowthCriterion.class));
    }

    @Test
    void descriptionsNameTheGuidelineAndThreshold() {
        assertEquals("Lung-RADS v2022 (ACR): mean diameter change > 1.5 mm",
                GrowthCriterion.LUNG_RADS_2022.description());
        assertTrue(GrowthCriterion.FLEISCHNER_2017.description().contains(">= 2 mm"));
        assertTrue(GrowthCriterion.BTS_NELSON_VOLUME.description().contains("> 25 %"));
        assertTrue(GrowthCriterion.BTS_NELSON_VOLUME.usesVolume());
        assertFalse(GrowthCriterion.FLEISCHNER_2017.usesVolume());
        assertTrue(GrowthCriterion.FLEISCHNER_2017.inclusive());
        assertFalse(GrowthCriterion.LUNG_RADS_2022.inclusive());
    }

    @Test
    void classifyNeedsBothMeasurements() {
        LesionMeasurement m = new LesionMeasurement(LocalDate.of(2024, 1, 1), 6, 0.1, 0.5);

        assertThrows(IllegalArgumentException.class, () -> GrowthCriterion.LUNG_RADS_2022.classify(null, m));
        assertThrows(IllegalArgumentException.class, () -> GrowthCriterion.LUNG_RADS_2022.classify(m, null));
    }

    @Test
    void nodulesKeepTheChosenRuleAndOtherClassesAreJudgedByVolume() {
        for (GrowthCriterion c : GrowthCriterion.values()) {
            assertEquals(c, c.forClass("nodule"));
            assertEquals(c, c.forClass("Lung-Nodule"));
            assertEquals(GrowthCriterion.BTS_NELSON_VOLUME, c.forClass("effusion"));
        }
        // An effusion of 403 ml measured at 386 ml: its equivalent diameter falls by 1.3 mm, its
        // volume by 4 %, stable by the volume rule it is judged by.
        LesionMeasurement before = new LesionMeasurement(LocalDate.of(2021, 3, 7), 91.7, 403, 1);
        LesionMeasurement after = new LesionMeasurement(LocalDate.of(2022, 1, 20), 90.4, 386, 1);
        assertEquals(ChangeStatus.STABLE, GrowthCriterion.LUNG_RADS_2022.forClass("effusion").classify(before, after));
    }
}
