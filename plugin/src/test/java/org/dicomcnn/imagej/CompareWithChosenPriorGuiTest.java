package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compare With Priors under Xvfb on a patient with two priors ({@link ThreeStudyPatient}): the key
 * {@code prior} shows the earlier prior, chosen by its Study Date, as images, while the table
 * still holds the change from the latest prior; a date that is no comparable prior's is reported
 * with the key, the value and the dates expected, before anything is computed.
 */
class CompareWithChosenPriorGuiTest {

    @TempDir
    static Path temp;

    private static ImageJUnderXvfb imagej;
    private static ImagePlus current;

    @BeforeAll
    static void openTheCurrentStudyOfAPatientWithTwoPriors() throws Exception {
        imagej = ImageJUnderXvfb.start(temp);
        Path patient = ThreeStudyPatient.write(temp.resolve("three-studies"));
        // series 3 of the listing is the third study's (studies oldest first)
        IJ.runMacro(String.join("\n",
                "run(\"Model Bundle\", \"bundle=default device=cpu\");",
                "run(\"Open DICOM Series\", \"folder=[" + patient + "] series=3 window=lung\");"));
        // the image window becomes the current one once it has shown
        long end = System.currentTimeMillis() + 10_000;
        while (WindowManager.getCurrentImage() == null && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
        current = WindowManager.getCurrentImage();
        assertNotNull(current, () -> "the current study is open: " + IJ.getLog());
        assertTrue(Session.get().series(current).isPresent());
    }

    @AfterAll
    static void stop() throws Exception {
        if (imagej != null) {
            imagej.close();
        }
    }

    @Test
    void showsTheEarlierPriorChosenByItsDate() {
        IJ.log("\\Clear");
        String macro = "selectImage(" + current.getID() + ");\n"
                + "run(\"Compare With Priors\", \"criterion=lung-rads-2022 prior=" + ThreeStudyPatient.FIRST + "\");";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(240), () -> IJ.runMacro(macro));
        List<String> titles = List.of(WindowManager.getImageTitles());
        String c = ThreeStudyPatient.CURRENT.toString();
        assertTrue(titles.contains("prior " + ThreeStudyPatient.FIRST + " registered | current " + c), titles::toString);
        assertTrue(titles.contains("subtraction " + c + " minus " + ThreeStudyPatient.FIRST), titles::toString);
        assertFalse(titles.stream().anyMatch(t -> t.contains(ThreeStudyPatient.SECOND.toString())), titles::toString);
        ImagePlus sideBySide = WindowManager.getImage("prior " + ThreeStudyPatient.FIRST + " registered | current " + c);
        assertEquals(2 * current.getWidth(), sideBySide.getWidth());
        assertEquals(current.getStackSize(), sideBySide.getStackSize());
        // the table is the change into the current study from the latest prior, whichever is shown
        ResultsTable table = ResultsTable.getResultsTable(CompareWithPriors.TABLE_TITLE);
        assertNotNull(table, IJ.getLog());
        assertTrue(table.size() > 0);
        for (int i = 0; i < table.size(); i++) {
            assertEquals(c, table.getStringValue("current_date", i));
            String prior = table.getStringValue("prior_date", i);
            assertEquals(ThreeStudyPatient.SECOND.toString(), prior);
        }
        assertFalse(IJ.getLog() != null && IJ.getLog().contains("failed"), IJ.getLog());
        // the series stays the current image, for the macro's next command
        assertEquals(current, WindowManager.getCurrentImage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-06-01", "25.05.2022", "2023-02-22", "earliest"})
    void rejectsAValueThatIsNoComparablePriorsDateNamingKeyValueAndDates(String value) {
        IJ.log("\\Clear");
        int images = WindowManager.getImageCount();
        IJ.runMacro("selectImage(" + current.getID() + ");\n"
                + "run(\"Compare With Priors\", \"prior=[" + value + "]\");");
        assertTrue(IJ.getLog().contains("Compare With Priors: bad value for key 'prior': '" + value + "'; expected "
                + "latest or the Study Date (yyyy-MM-dd) of a comparable prior: " + ThreeStudyPatient.SECOND + ", "
                + ThreeStudyPatient.FIRST), IJ.getLog());
        assertEquals(images, WindowManager.getImageCount(), "nothing shown");
    }
}
