package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.MessageDialog;
import ij.measure.ResultsTable;
import ij.plugin.frame.Recorder;
import ij.text.TextWindow;
import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.swing.JDialog;
import javax.swing.JFileChooser;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands' dialogs under Xvfb: with the macro recorder on, pressing OK records a line with
 * the documented keys (not the dialog labels) that replays the run; a command that fails records
 * nothing; Esc during a classification cancels it and leaves the image untouched.
 */
class MacroRecordingGuiTest {

    @TempDir
    static Path temp;

    private static ImageJUnderXvfb imagej;
    private static Recorder recorder;

    @BeforeAll
    static void start() throws Exception {
        imagej = ImageJUnderXvfb.start(temp);
        recorder = new Recorder(false);
        Recorder.record = true;
        IJ.runMacro("run(\"Model Bundle\", \"bundle=default device=cpu\");");
    }

    @AfterAll
    static void stop() throws Exception {
        Recorder.record = false;
        if (imagej != null) {
            imagej.close();
        }
    }

    @Test
    void recordsModelBundleWithItsDocumentedKeysAndTheLineReplays() throws Exception {
        String line = "run(\"" + ChooseModelBundle.COMMAND + "\", \"bundle=default device=auto\");";
        assertFalse(recorder.getText().contains(line));
        IJ.doCommand(ChooseModelBundle.COMMAND);
        pressOk(ChooseModelBundle.COMMAND);
        waitFor(() -> recorder.getText().contains(line), 10_000);
        assertTrue(recorder.getText().contains(line), recorder.getText());
        IJ.log("\\Clear");
        IJ.runMacro(line);
        assertTrue(IJ.getLog().contains(ChooseModelBundle.COMMAND + ": chest-ct-phantom"), IJ.getLog());
        IJ.runMacro("run(\"Model Bundle\", \"bundle=default device=cpu\");");
    }

    @Test
    void recordsOpenDicomSeriesFromItsTwoDialogsWithTheSeriesUid() throws Exception {
        Path patient = TestData.committedSamples().resolve("growing-nodule");
        IJ.doCommand(OpenDicomSeries.COMMAND);
        GenericDialog folder = dialog(OpenDicomSeries.COMMAND);
        EventQueue.invokeAndWait(() -> ((java.awt.TextField) folder.getStringFields().get(0)).setText(patient.toString()));
        pressOk(folder);
        // the browser: every series of the folder, the first chosen; the patient shown by number only
        GenericDialog browser = dialog(OpenDicomSeries.COMMAND);
        java.awt.Choice series = (java.awt.Choice) browser.getChoices().get(0);
        assertEquals(2, series.getItemCount());
        assertTrue(series.getItem(0).startsWith("1: patient 1 | 2022-05-25 | series 1"), series.getItem(0));
        assertTrue(series.getItem(1).contains("| CT | 46 images"), series.getItem(1));
        String uid = SeriesListing.of(DicomIndex.scan(patient, ProgressListener.NONE)).rows().get(1).series()
                .seriesInstanceUid();
        EventQueue.invokeAndWait(() -> series.select(1));
        pressOk(browser);
        String line = "run(\"" + OpenDicomSeries.COMMAND + "\", \"folder=" + patient + " series=" + uid
                + " window=series\");";
        waitFor(() -> recorder.getText().contains(line), 10_000);
        assertTrue(recorder.getText().contains(line), recorder.getText());
        ImagePlus imp = WindowManager.getCurrentImage();
        assertEquals(uid, Session.get().series(imp).orElseThrow().loaded().series().seriesInstanceUid());
        imp.close();
    }

    @Test
    void recordsClassifyWithItsDocumentedKeys() throws Exception {
        ImagePlus imp = openSample();
        IJ.doCommand(ClassifySeries.COMMAND);
        pressOk(ClassifySeries.COMMAND);
        String line = "run(\"" + ClassifySeries.COMMAND + "\", \"method=bundle batch=16\");";
        waitFor(() -> recorder.getText().contains(line), 60_000);
        assertTrue(recorder.getText().contains(line), recorder.getText());
        waitFor(() -> Session.get().analysis(imp).isPresent(), 10_000);
        assertTrue(Session.get().analysis(imp).isPresent());
        imp.close();
    }

    @Test
    void recordsHeatmapOverlayAndShowFindingsFromTheMenuAndTheLinesReplay() throws Exception {
        ImagePlus imp = openSample();
        IJ.runMacro("run(\"" + ClassifySeries.COMMAND + "\", \"batch=16\");");
        assertTrue(Session.get().analysis(imp).isPresent(), "classified");
        waitFor(() -> WindowManager.getCurrentImage() == imp, 10_000); // re-selected after the plot

        // the menu toggles the heatmap on; the recorder writes the state it led to, not "toggle"
        IJ.doCommand(HeatmapOverlay.COMMAND);
        String heatmapLine = "run(\"" + HeatmapOverlay.COMMAND + "\", \"heatmap=show\");";
        waitFor(() -> recorder.getText().contains(heatmapLine), 60_000);
        assertTrue(recorder.getText().contains(heatmapLine), recorder.getText());
        int shown = heatmaps(imp);
        assertTrue(shown > 0, "heatmap images in the overlay");
        IJ.runMacro("run(\"" + HeatmapOverlay.COMMAND + "\", \"heatmap=hide\");");
        assertEquals(0, heatmaps(imp));
        IJ.runMacro(heatmapLine);
        assertEquals(shown, heatmaps(imp), "the recorded line shows the same heatmap again");

        // Show Findings takes no keys: its line is the bare command, and it redraws the findings
        ResultsTable.getResultsTable(FindingsDisplay.TABLE_TITLE).reset();
        imp.setOverlay(null);
        IJ.doCommand(ShowFindings.COMMAND);
        String showLine = "run(\"" + ShowFindings.COMMAND + "\");";
        waitFor(() -> recorder.getText().contains(showLine), 30_000);
        assertTrue(recorder.getText().contains(showLine), recorder.getText());
        int findings = Session.get().analysis(imp).orElseThrow().findings().size();
        waitFor(() -> ResultsTable.getResultsTable(FindingsDisplay.TABLE_TITLE).size() == findings, 10_000);
        int outlines = imp.getOverlay().size();
        ResultsTable.getResultsTable(FindingsDisplay.TABLE_TITLE).reset();
        imp.setOverlay(null);
        IJ.runMacro(showLine);
        assertEquals(findings, ResultsTable.getResultsTable(FindingsDisplay.TABLE_TITLE).size(), "one row per finding");
        assertEquals(outlines, imp.getOverlay().size(), "the same outlines and labels");
        imp.close();
    }

    private static int heatmaps(ImagePlus imp) {
        if (imp.getOverlay() == null) {
            return 0;
        }
        return (int) List.of(imp.getOverlay().toArray()).stream()
                .filter(r -> HeatmapOverlay.ROI_NAME.equals(r.getName())).count();
    }

    @Test
    void escapeCancelsACompareWithPriorsAndShowsAndRecordsNothing() throws Exception {
        Path patient = TestData.committedSamples().resolve("growing-nodule");
        IJ.runMacro("run(\"" + OpenDicomSeries.COMMAND + "\", \"folder=[" + patient + "] series=2 window=lung\");");
        ImagePlus imp = currentSeriesImage();
        List<String> before = titlesBesides(imp);
        boolean tableBefore = WindowManager.getWindow(CompareWithPriors.TABLE_TITLE) != null;
        String recordedBefore = recorder.getText();
        // the comparison analyses two studies and registers the prior: many seconds; Esc one second in
        Thread run = new Thread(() -> IJ.run(imp, CompareWithPriors.COMMAND, "criterion=lung-rads-2022 batch=16"),
                "compare");
        run.start();
        Thread.sleep(1000);
        assertTrue(run.isAlive(), "still comparing when Esc is pressed");
        IJ.setKeyDown(KeyEvent.VK_ESCAPE);
        run.join(30_000);
        assertFalse(run.isAlive(), "stopped after Esc");
        IJ.resetEscape();
        assertEquals(List.of(), newTitles(imp, before), "no image or plot shown");
        assertEquals(tableBefore, WindowManager.getWindow(CompareWithPriors.TABLE_TITLE) != null, "no table shown");
        assertEquals(recordedBefore, recorder.getText(), "nothing recorded");
        assertFalse(IJ.getLog() != null && IJ.getLog().contains(CompareWithPriors.COMMAND + ": failed"), IJ.getLog());
        imp.close();
    }

    @Test
    void escapeCancelsAClassificationAndLeavesTheImageUntouched() throws Exception {
        ImagePlus imp = openSample();
        Thread run = new Thread(() -> IJ.run(imp, ClassifySeries.COMMAND, "batch=16"), "classify");
        run.start();
        // a classification takes seconds (slices, then the nodule candidates); Esc half a second
        // in, after the command has started listening (it clears an Esc pressed before it began)
        Thread.sleep(500);
        assertTrue(run.isAlive(), "still classifying when Esc is pressed");
        IJ.setKeyDown(KeyEvent.VK_ESCAPE);
        // the pipeline stops at its next safe point: at worst a batch of slices or of 8 nodule
        // candidates away, a few seconds on a loaded machine
        run.join(20_000);
        assertFalse(run.isAlive(), "stopped after Esc");
        assertTrue(Session.get().analysis(imp).isEmpty(), "no analysis kept");
        assertNull(imp.getOverlay(), "no overlay drawn");
        assertFalse(IJ.getLog() != null && IJ.getLog().contains("failed"), IJ.getLog());
        IJ.resetEscape();
        imp.close();
    }

    @Test
    void recordsExportResultsWithItsOutputKeyAndTheLineWritesTheSameFiles() throws Exception {
        ImagePlus imp = openSample();
        IJ.runMacro("run(\"" + ClassifySeries.COMMAND + "\", \"batch=16\");");
        String uid = Session.get().analysis(imp).orElseThrow().seriesInstanceUid();
        // a space in the path: the recorder must bracket the value
        Path out = Files.createDirectories(temp.resolve("export results"));
        IJ.selectWindow(imp.getID());
        IJ.doCommand(ExportResults.COMMAND);
        JFileChooser chooser = fileChooser("Folder for the results");
        EventQueue.invokeAndWait(() -> {
            chooser.setSelectedFile(out.toFile());
            chooser.approveSelection();
        });
        String line = "run(\"" + ExportResults.COMMAND + "\", \"output=[" + out + "]\");";
        waitFor(() -> recorder.getText().contains(line), 30_000);
        assertTrue(recorder.getText().contains(line), recorder.getText());
        Path series = out.resolve(uid);
        Map<String, byte[]> byDialog = files(series);
        assertTrue(byDialog.containsKey("findings.json") && byDialog.containsKey("findings.csv"), byDialog.keySet()::toString);
        assertTrue(byDialog.keySet().stream().anyMatch(n -> n.endsWith(".png")), byDialog.keySet()::toString);
        deleteTree(series);
        IJ.selectWindow(imp.getID());
        IJ.runMacro(line);
        Map<String, byte[]> byMacro = files(series);
        assertEquals(byDialog.keySet(), byMacro.keySet());
        for (String name : byDialog.keySet()) {
            assertArrayEquals(byDialog.get(name), byMacro.get(name), name);
        }
        imp.close();
    }

    @Test
    void aCommandThatFailsRecordsNoLine() throws Exception {
        ImagePlus imp = openSample();
        String run = "run(\"" + ExportResults.COMMAND + "\"";
        long before = occurrences(recorder.getText(), run);
        IJ.selectWindow(imp.getID());
        IJ.doCommand(ExportResults.COMMAND);
        // the image was not classified: an error box, not a folder chooser
        MessageDialog error = messageDialog(ExportResults.COMMAND);
        EventQueue.invokeAndWait(() -> error.actionPerformed(new ActionEvent(error, ActionEvent.ACTION_PERFORMED, "OK")));
        waitFor(() -> !commandRunning(ExportResults.COMMAND), 10_000);
        assertFalse(commandRunning(ExportResults.COMMAND), "the command returned");
        assertEquals(before, occurrences(recorder.getText(), run), recorder.getText());
        imp.close();
    }

    @Test
    void recordsCompareWithPriorsWithItsDocumentedKeysAndTheLineReplaysTheSameTableAndImages() throws Exception {
        Path patient = TestData.committedSamples().resolve("growing-nodule");
        IJ.runMacro("run(\"" + OpenDicomSeries.COMMAND + "\", \"folder=[" + patient + "] series=2 window=lung\");");
        ImagePlus imp = currentSeriesImage();
        // other tests' windows stay open; the comparison's are the new ones
        List<String> before = titlesBesides(imp);
        IJ.doCommand(CompareWithPriors.COMMAND);
        GenericDialog gd = dialog(CompareWithPriors.COMMAND);
        Choice criterion = (Choice) gd.getChoices().get(0);
        Choice prior = (Choice) gd.getChoices().get(1);
        assertEquals(List.of(MacroKeys.LATEST_PRIOR, "2022-05-25"), items(prior));
        EventQueue.invokeAndWait(() -> criterion.select("fleischner-2017"));
        pressOk(gd);
        String line = "run(\"" + CompareWithPriors.COMMAND + "\", \"criterion=fleischner-2017 batch=16 prior=latest\");";
        waitFor(() -> recorder.getText().contains(line), 240_000);
        assertTrue(recorder.getText().contains(line), recorder.getText());
        List<List<String>> byDialog = trackedLesions();
        assertFalse(byDialog.isEmpty(), "tracked lesions");
        assertTrue(byDialog.stream().anyMatch(r -> r.get(3).equals("fleischner-2017")), byDialog::toString);
        List<String> shownByDialog = newTitles(imp, before);
        assertEquals(List.of(CompareWithPriors.PLOT_TITLE, "prior 2022-05-25 registered | current 2022-11-23",
                "subtraction 2022-11-23 minus 2022-05-25"), shownByDialog);
        closeAll(shownByDialog);
        IJ.selectWindow(imp.getID());
        IJ.runMacro(line);
        assertEquals(byDialog, trackedLesions());
        assertEquals(shownByDialog, newTitles(imp, before));
        closeAll(shownByDialog);
        imp.close();
    }

    @Test
    void closingTheImageDuringAClassificationKeepsNoAnalysisAndRaisesNoError() throws Exception {
        ImagePlus imp = openSample();
        IJ.log("\\Clear");
        Thread run = new Thread(() -> IJ.run(imp, ClassifySeries.COMMAND, "batch=16"), "classify");
        run.start();
        // close it while the model runs (a classification takes seconds, see the Esc test)
        Thread.sleep(500);
        assertTrue(run.isAlive(), "still classifying when the image is closed");
        imp.changes = false;
        imp.close();
        run.join(120_000);
        assertFalse(run.isAlive(), "the command returned");
        assertTrue(Session.get().analysis(imp).isEmpty(), "no analysis kept for a closed image");
        assertFalse(Arrays.stream(Window.getWindows()).anyMatch(w -> w.isShowing() && w instanceof MessageDialog),
                "no error box");
        String log = IJ.getLog() == null ? "" : IJ.getLog();
        assertFalse(log.contains("not found") || log.contains("failed"), log);
    }

    private static ImagePlus openSample() throws InterruptedException {
        Path study = TestData.committedSamples().resolve("growing-nodule").resolve("study-2");
        IJ.runMacro("run(\"Open DICOM Series\", \"folder=[" + study + "] window=lung\");");
        return currentSeriesImage();
    }

    /**
     * The image Open DICOM Series just showed: its window becomes ImageJ's current image on the
     * event thread, which may lag the macro's return by a moment.
     */
    private static ImagePlus currentSeriesImage() throws InterruptedException {
        waitFor(() -> {
            ImagePlus current = WindowManager.getCurrentImage();
            return current != null && Session.get().series(current).isPresent();
        }, 10_000);
        ImagePlus imp = WindowManager.getCurrentImage();
        assertTrue(imp != null && Session.get().series(imp).isPresent(), "the opened series is the current image");
        return imp;
    }

    /** Waits for the command's dialog and presses its OK button, as a user would. */
    private static void pressOk(String title) throws Exception {
        pressOk(dialog(title));
    }

    private static void pressOk(GenericDialog gd) throws Exception {
        Button ok = Arrays.stream(gd.getButtons()).filter(b -> b != null && b.getLabel().trim().equals("OK"))
                .findFirst().orElseThrow();
        EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
        waitFor(() -> !gd.isShowing(), 5_000);
    }

    /** Waits for a dialog with this title to show. */
    private static GenericDialog dialog(String title) throws Exception {
        GenericDialog[] found = new GenericDialog[1];
        waitFor(() -> {
            Optional<Window> w = Arrays.stream(Window.getWindows())
                    .filter(x -> x instanceof GenericDialog gd && gd.isShowing() && title.equals(gd.getTitle()))
                    .findFirst();
            w.ifPresent(x -> found[0] = (GenericDialog) x);
            return w.isPresent();
        }, 10_000);
        assertTrue(found[0] != null, "dialog '" + title + "' shown");
        return found[0];
    }

    /** The tracked-lesion table's rows, every column as text. */
    private static List<List<String>> trackedLesions() {
        ResultsTable table = ResultsTable.getResultsTable(CompareWithPriors.TABLE_TITLE);
        assertTrue(table != null, "table shown");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            List<String> row = new ArrayList<>();
            for (String column : CompareWithPriors.COLUMNS) {
                row.add(table.getStringValue(column, i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> titlesBesides(ImagePlus imp) {
        return Arrays.stream(WindowManager.getImageTitles()).filter(t -> !t.equals(imp.getTitle())).sorted().toList();
    }

    private static List<String> newTitles(ImagePlus imp, List<String> before) {
        return titlesBesides(imp).stream().filter(t -> !before.contains(t)).toList();
    }

    /** Closes the comparison's images and plot, and its table. */
    private static void closeAll(List<String> titles) {
        for (String title : titles) {
            ImagePlus shown = WindowManager.getImage(title);
            assertTrue(shown != null, title);
            shown.changes = false;
            shown.close();
        }
        if (WindowManager.getWindow(CompareWithPriors.TABLE_TITLE) instanceof TextWindow w) {
            w.close(false);
        }
        assertTrue(ResultsTable.getResultsTable(CompareWithPriors.TABLE_TITLE) == null, "table closed");
    }

    private static List<String> items(Choice choice) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < choice.getItemCount(); i++) {
            items.add(choice.getItem(i));
        }
        return items;
    }

    /** Every file under a folder, by name relative to it, with its bytes. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }

    private static long occurrences(String text, String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** ImageJ runs a menu command on a thread named after the command. */
    private static boolean commandRunning(String command) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(command));
    }

    /** Waits for ImageJ's folder chooser with this title. */
    private static JFileChooser fileChooser(String title) throws Exception {
        JFileChooser[] found = new JFileChooser[1];
        waitFor(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof JDialog d && d.isShowing() && title.equals(d.getTitle())) {
                    found[0] = find(d, JFileChooser.class);
                }
            }
            return found[0] != null;
        }, 10_000);
        assertTrue(found[0] != null, "folder chooser '" + title + "' shown");
        return found[0];
    }

    private static <T> T find(Container c, Class<T> type) {
        for (Component child : c.getComponents()) {
            if (type.isInstance(child)) {
                return type.cast(child);
            }
            if (child instanceof Container inner) {
                T t = find(inner, type);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Waits for ImageJ's error box with this title. */
    private static MessageDialog messageDialog(String title) throws Exception {
        MessageDialog[] found = new MessageDialog[1];
        waitFor(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof MessageDialog d && d.isShowing() && title.equals(d.getTitle())) {
                    found[0] = d;
                }
            }
            return found[0] != null;
        }, 10_000);
        assertTrue(found[0] != null, "error box '" + title + "' shown");
        return found[0];
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
    }
}
