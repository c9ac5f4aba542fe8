package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import java.awt.Rectangle;
import java.awt.Robot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.dicomcnn.samples.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare With Priors under Xvfb: a macro opens the growing-nodule patient's current study from
 * the patient's folder (so the prior is in the scan) and compares. The phantom's nodule N1 grows
 * with a volume doubling time of 150 days over 182 days; the table must say so.
 */
class CompareWithPriorsGuiTest {

    @TempDir
    static Path temp;

    private static ImageJUnderXvfb imagej;
    private static ImagePlus current;

    @BeforeAll
    static void compareThroughAMacro() throws Exception {
        imagej = ImageJUnderXvfb.start(temp);
        Path patient = TestData.committedSamples().resolve("growing-nodule");
        // series 2 of the listing is the later study's series (studies oldest first)
        String macro = String.join("\n",
                "run(\"Model Bundle\", \"bundle=default device=cpu\");",
                "run(\"Open DICOM Series\", \"folder=[" + patient + "] series=2 window=lung\");",
                "run(\"Compare With Priors\", \"criterion=lung-rads-2022\");");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(80), () -> IJ.runMacro(macro));
        current = WindowManager.getImage(WindowManager.getIDList()[0]);
    }

    @AfterAll
    static void stop() throws Exception {
        if (imagej != null) {
            imagej.close();
        }
    }

    @Test
    void showsTheRegisteredPriorBesideTheCurrentStudyAndTheSubtraction() {
        ImagePlus sideBySide = image("prior ");
        assertEquals(2 * current.getWidth(), sideBySide.getWidth());
        assertEquals(current.getHeight(), sideBySide.getHeight());
        assertEquals(current.getStackSize(), sideBySide.getStackSize());
        assertEquals("mm", sideBySide.getCalibration().getUnit());
        // the right half is the current study itself
        current.setSlice(20);
        sideBySide.setSlice(20);
        assertEquals(current.getProcessor().getPixelValue(100, 120),
                sideBySide.getProcessor().getPixelValue(current.getWidth() + 100, 120), 1e-3);
        ImagePlus sub = image("subtraction ");
        assertEquals(current.getStackSize(), sub.getStackSize());
        assertEquals("HU", sub.getCalibration().getValueUnit());
    }

    @Test
    void tablesTheGrowingNoduleAsGrownWithItsDoublingTime() {
        ResultsTable table = ResultsTable.getResultsTable(CompareWithPriors.TABLE_TITLE);
        assertNotNull(table, "table '" + CompareWithPriors.TABLE_TITLE + "' is shown");
        for (String column : CompareWithPriors.COLUMNS) {
            assertTrue(table.columnExists(column), "column " + column);
        }
        boolean grown = false;
        for (int i = 0; i < table.size(); i++) {
            if (table.getStringValue("status", i).equals("GROWN") && table.getStringValue("class", i).equals("nodule")) {
                double vdt = table.getValue("doubling_time_days", i);
                assertTrue(vdt > 75 && vdt < 225, "N1's doubling time within 50 % of 150 days: " + vdt);
                assertEquals("yes", table.getStringValue("fast_growth", i));
                assertEquals(182, (int) table.getValue("interval_days", i));
                assertEquals("lung-rads-2022", table.getStringValue("criterion", i));
                grown = true;
            }
        }
        assertTrue(grown, "a grown nodule among " + table.size() + " tracked lesions");
    }

    @Test
    void plotsVolumeOverTimeAndSavesAScreenshot() throws Exception {
        assertNotNull(image(CompareWithPriors.PLOT_TITLE));
        Path dir = Files.createDirectories(ImageJCommandsGuiTest.SCREENSHOTS);
        ImagePlus sideBySide = image("prior ");
        ImagePlus sub = image("subtraction ");
        IJ.getInstance().setLocation(0, 0);
        current.getWindow().setLocation(900, 600);
        // slice 37 holds the centre of the growing nodule N1 of this phantom (ImageJCommandsGuiTest shows it)
        sideBySide.setSlice(37);
        sub.setSlice(37);
        sideBySide.getWindow().setLocation(0, 110);
        sub.getWindow().setLocation(sideBySide.getWindow().getWidth() + 10, 110);
        image(CompareWithPriors.PLOT_TITLE).getWindow().setLocation(0, 520);
        WindowManager.getWindow(CompareWithPriors.TABLE_TITLE).setBounds(700, 520, 580, 300);
        sideBySide.getWindow().toFront();
        sub.getWindow().toFront();
        Robot robot = new Robot();
        robot.waitForIdle();
        IJ.wait(800);
        Path png = dir.resolve("imagej-compare-with-priors.png");
        ImageIO.write(robot.createScreenCapture(new Rectangle(0, 0, 1280, 1024)), "png", png.toFile());
        assertTrue(Files.size(png) > 10_000);
    }

    private static ImagePlus image(String titlePrefix) {
        for (String t : List.of(WindowManager.getImageTitles())) {
            if (t.startsWith(titlePrefix)) {
                return WindowManager.getImage(t);
            }
        }
        throw new AssertionError("no image titled " + titlePrefix + "... among " + List.of(WindowManager.getImageTitles()));
    }
}
