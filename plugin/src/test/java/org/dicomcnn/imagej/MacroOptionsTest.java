package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and checking the options a macro passes to a command. */
class MacroOptionsTest {

    @Test
    void readsPlainAndBracketedValues() {
        MacroOptions o = MacroOptions.parse("folder=[/data/a study/x] series=2 window=lung ", MacroKeys.OPEN_KEYS);
        assertEquals(Optional.of("/data/a study/x"), o.get(MacroKeys.FOLDER));
        assertEquals("2", o.get(MacroKeys.SERIES, "1"));
        assertEquals("lung", o.getChoice(MacroKeys.WINDOW, "series", SeriesImage.windowChoices()));
    }

    @Test
    void givesTheFallbackForAbsentKeysAndNoOptions() {
        MacroOptions o = MacroOptions.parse(null, MacroKeys.CLASSIFY_KEYS);
        assertEquals(16, o.getInt(MacroKeys.BATCH, 16, 1, 256));
        assertEquals("bundle", o.getChoice(MacroKeys.METHOD, "bundle", List.of("bundle", "heatmap")));
    }

    @Test
    void rejectsAnUnknownKeyNamingItsValueAndTheKeysExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacroOptions.parse("method=heatmap slices=[3 4]", MacroKeys.CLASSIFY_KEYS));
        assertEquals("unknown key 'slices' (value '3 4'); expected one of method, batch", e.getMessage());
    }

    @Test
    void rejectsAKeyGivenTwiceNamingBothValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacroOptions.parse("series=1 window=lung series=2", MacroKeys.OPEN_KEYS));
        assertEquals("key 'series' is given twice ('1' and '2'); give it once", e.getMessage());
    }

    @Test
    void rejectsABracketedValueRunIntoTheNextKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacroOptions.parse("folder=[/data/a]series=2", MacroKeys.OPEN_KEYS));
        assertTrue(e.getMessage().startsWith("the value of key 'folder' ends with ']' but is followed by 'series=2'"),
                e.getMessage());
    }

    @Test
    void rejectsAnyKeyForACommandWithoutKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacroOptions.parse("verbose", List.of()));
        assertEquals("unknown key 'verbose' (value ''); expected no keys", e.getMessage());
    }

    @Test
    void rejectsAnUnclosedBracket() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacroOptions.parse("folder=[/data/x", MacroKeys.OPEN_KEYS));
        assertTrue(e.getMessage().contains("'folder'") && e.getMessage().contains("']'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0", "257", "sixteen", "1.5", "''"})
    void rejectsABatchOutsideItsRangeNamingKeyValueAndRange(String value) {
        MacroOptions o = MacroOptions.parse("batch=[" + value + "]", MacroKeys.CLASSIFY_KEYS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.getInt(MacroKeys.BATCH, 16, 1, 256));
        assertEquals("bad value for key 'batch': '" + value + "'; expected a whole number from 1 to 256", e.getMessage());
    }

    @Test
    void rejectsAWordOutsideItsChoices() {
        MacroOptions o = MacroOptions.parse("method=occlusion", MacroKeys.CLASSIFY_KEYS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.getChoice(MacroKeys.METHOD, "bundle", List.of("bundle", "heatmap", "region")));
        assertEquals("bad value for key 'method': 'occlusion'; expected one of bundle, heatmap, region", e.getMessage());
    }
}
