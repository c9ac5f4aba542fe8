package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dicomcnn.dicom.DicomFileReader;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.report.ReportWriter;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageJ commands for real: ImageJ 1.54 with its window, on an Xvfb display the set-up
 * starts, with the plugin installed as {@code plugins/DICOM_CNN.jar}; a macro opens the
 * growing-nodule patient's current study, classifies it and exports the findings. Checks the
 * calibration, the overlay, the table and the CSV against the series and its ground truth, and
 * saves screenshots to {@code target/screenshots/}. Without Xvfb the set-up fails, naming bin/setup.
 */
class ImageJCommandsGuiTest {

    /** Where the screenshots go, a build artefact. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path temp;

    private static ImageJUnderXvfb imagej;
    private static Path study;
    private static Path exported;
    private static ImagePlus imp;
    private static StudyAnalysis analysis;
    private static String log;

    @BeforeAll
    static void openAndClassifyThroughAMacro() throws Exception {
        imagej = ImageJUnderXvfb.start(temp);

        study = TestData.committedSamples().resolve("growing-nodule").resolve("study-2");
        exported = Files.createDirectories(temp.resolve("exported"));
        String macro = String.join("\n",
                "run(\"Model Bundle\", \"bundle=default device=cpu\");",
                "run(\"Open DICOM Series\", \"folder=[" + study + "] series=1 window=lung\");",
                "run(\"Classify DICOM Series\", \"batch=16\");",
                "run(\"Export Results\", \"output=[" + exported + "]\");");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> IJ.runMacro(macro));
        imp = WindowManager.getImage(WindowManager.getIDList()[0]);
        analysis = Session.get().analysis(imp).orElseThrow();
        log = IJ.getLog() == null ? "" : IJ.getLog();
    }

    @AfterAll
    static void stop() throws Exception {
        if (imagej != null) {
            imagej.close();
        }
    }

    @Test
    void opensTheSeriesCalibratedInMillimetresAndHounsfieldUnits() {
        DicomIndex index = Session.get().series(imp).orElseThrow().index();
        Volume v = new SeriesLoader().load(index.allSeries().get(0), ProgressListener.NONE).volumes().get(0);
        Calibration cal = imp.getCalibration();
        assertEquals("mm", cal.getUnit());
        assertEquals("HU", cal.getValueUnit());
        assertEquals(v.geometry().columnSpacingMm(), cal.pixelWidth, 1e-9);
        assertEquals(v.geometry().rowSpacingMm(), cal.pixelHeight, 1e-9);
        assertEquals(v.geometry().sliceSpacingMm(), cal.pixelDepth, 1e-9);
        assertEquals(v.depth(), imp.getStackSize());
        // whole HU values: 16 bits with ImageJ's calibration function, as its own DICOM reader does
        assertEquals(16, imp.getBitDepth());
        assertEquals(Calibration.STRAIGHT_LINE, cal.getFunction());
        assertTrue(cal.calibrated());
        // every voxel of a slice through the body reads the decoded volume's HU
        int k = v.depth() / 2;
        imp.setSlice(k + 1);
        for (int y = 0; y < v.height(); y += 7) {
            for (int x = 0; x < v.width(); x += 7) {
                assertEquals(v.value(x, y, k), imp.getProcessor().getPixelValue(x, y), 1e-3, "voxel " + x + "," + y);
            }
        }
        // the corner is air outside the body: about -1000 HU, as the decoded volume says
        imp.setSlice(1);
        assertEquals(v.value(0, 0, 0), imp.getProcessor().getPixelValue(0, 0), 1e-3);
        assertTrue(imp.getProcessor().getPixelValue(0, 0) < -900, "air reads below -900 HU");
        // lung window: centre -600, width 1500, in HU through the calibration
        assertEquals(-1350, cal.getCValue(imp.getDisplayRangeMin()), 1e-6);
        assertEquals(150, cal.getCValue(imp.getDisplayRangeMax()), 1e-6);
    }

    @Test
    void showsTheHeaderSummaryWithoutPatientIdentifiers() {
        String info = (String) imp.getProperty("Info");
        var opened = Session.get().series(imp).orElseThrow();
        assertTrue(info.contains("Series Instance UID: " + opened.loaded().series().seriesInstanceUid()), info);
        assertTrue(info.contains("Modality: CT"), info);
        for (String id : List.of(opened.patient().patientId(), opened.patient().patientName())) {
            assertFalse(id.isBlank());
            assertFalse(info.contains(id), "Info must not hold the patient's name or ID");
            assertFalse(log.contains(id), "the log must not hold the patient's name or ID");
        }
    }

    @Test
    void showsTheFirstSlicesDicomHeaderWithoutWhatIdentifiesThePatient() throws Exception {
        String info = (String) imp.getProperty("Info");
        var opened = Session.get().series(imp).orElseThrow();
        Path first = opened.volume().sources().get(0).file();
        AttributeList header = DicomFileReader.read(first).attributes();
        assertTrue(info.contains("DICOM header of the first slice"), info);
        assertTrue(info.contains("0018,1210  ConvolutionKernel: " + Attribute
                .getSingleStringValueOrEmptyString(header, TagFromName.ConvolutionKernel)), info);
        assertTrue(info.contains("0020,0013  InstanceNumber: "), info);
        for (AttributeTag tag : List.of(TagFromName.AccessionNumber, TagFromName.PatientBirthDate,
                TagFromName.PatientID)) {
            String value = Attribute.getSingleStringValueOrEmptyString(header, tag);
            assertFalse(value.isBlank(), "the sample holds " + tag);
            assertFalse(info.contains(value), tag + " '" + value + "' in Info");
        }
    }

    @Test
    void findsTheGrowingNoduleWhereTheGroundTruthPutsIt() throws Exception {
        StudyTruth truth = GroundTruthJson.readStudy(study.resolve(StudyTruth.FILE_NAME));
        LesionTruth n1 = truth.lesions().stream().filter(l -> l.id().equals("N1")).findFirst().orElseThrow();
        double nearest = analysis.findings().stream().filter(f -> f.findingClass().contains("nodule"))
                .mapToDouble(f -> distance(f, n1.centreMm())).min().orElse(Double.POSITIVE_INFINITY);
        assertTrue(nearest <= 5, "a nodule finding within 5 mm of N1; nearest " + nearest + " mm");
    }

    @Test
    void drawsTheSegmentedOutlineAndALabelOnEverySliceOfEveryFinding() {
        Overlay overlay = imp.getOverlay();
        assertNotNull(overlay);
        assertFalse(analysis.findings().isEmpty());
        for (int i = 0; i < analysis.findings().size(); i++) {
            Finding f = analysis.findings().get(i);
            assertFalse(f.footprint().isEmpty(), "a finding of a classification carries its footprint");
            String label = String.format(Locale.ROOT, "%s %.2f", f.findingClass(), f.probability());
            for (int z : f.footprint().slices()) {
                int slice = z + 1;
                String name = FindingsDisplay.outlineName(i, z);
                Roi outline = List.of(overlay.toArray()).stream().filter(r -> name.equals(r.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError("no outline " + name));
                assertEquals(slice, outline.getPosition());
                assertOutlineHoldsExactlyTheFootprint(outline, f, z);
                boolean text = List.of(overlay.toArray()).stream().anyMatch(r -> r.getPosition() == slice
                        && r instanceof TextRoi t && t.getText().trim().equals(label));
                assertTrue(text, "label '" + label + "' on slice " + slice);
            }
        }
        for (Roi r : overlay.toArray()) {
            assertTrue(r.getPosition() >= 1 && r.getPosition() <= imp.getStackSize(), "every shape sits on one slice");
        }
    }

    @Test
    void showsAndHidesTheHeatmapOnTheSlicesOfTheFindings() {
        int outlines = imp.getOverlay().size();
        IJ.runMacro("run(\"" + HeatmapOverlay.COMMAND + "\", \"heatmap=show\");");
        Overlay overlay = imp.getOverlay();
        List<Roi> heat = List.of(overlay.toArray()).stream()
                .filter(r -> HeatmapOverlay.ROI_NAME.equals(r.getName())).toList();
        assertFalse(heat.isEmpty(), "heatmap images in the overlay");
        assertEquals(outlines + heat.size(), overlay.size(), "the outlines stay");
        for (Roi r : heat) {
            int z = r.getPosition() - 1;
            assertTrue(analysis.findings().stream().anyMatch(f -> f.boundingBox()[2] <= z && z <= f.boundingBox()[5]),
                    "heatmap on slice " + (z + 1) + " belongs to a finding");
        }
        // a flattened slice with heatmap and outline, saved beside the screenshots
        Finding first = analysis.findings().get(0);
        int centre = (int) Math.round(first.centreVoxel()[2]) + 1;
        imp.setSlice(centre);
        ImagePlus flat = imp.flatten();
        Path png = SCREENSHOTS.resolve("imagej-heatmap-flattened.png");
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        IJ.saveAs(flat, "PNG", png.toString());
        IJ.runMacro("run(\"" + HeatmapOverlay.COMMAND + "\", \"heatmap=hide\");");
        assertEquals(outlines, imp.getOverlay().size(), "hidden again, outlines kept");
    }

    @Test
    void showFindingsRedrawsTheLastAnalysis() {
        Overlay before = imp.getOverlay();
        int shapes = before.size();
        imp.setOverlay(null);
        ResultsTable.getResultsTable(FindingsDisplay.TABLE_TITLE).reset();
        IJ.runMacro("selectImage(" + imp.getID() + ");\nrun(\"" + ShowFindings.COMMAND + "\");");
        assertNotNull(imp.getOverlay(), "overlay drawn again");
        assertEquals(shapes, imp.getOverlay().size());
        assertEquals(analysis.findings().size(), ResultsTable.getResultsTable(FindingsDisplay.TABLE_TITLE).size());
    }

    @Test
    void fillsTheFindingsTableWithOneRowPerFinding() {
        ResultsTable table = ResultsTable.getResultsTable(FindingsDisplay.TABLE_TITLE);
        assertNotNull(table, "table '" + FindingsDisplay.TABLE_TITLE + "' is shown");
        assertEquals(analysis.findings().size(), table.size());
        for (String column : FindingsDisplay.COLUMNS) {
            assertTrue(table.columnExists(column), "column " + column);
        }
        for (int i = 0; i < table.size(); i++) {
            Finding f = analysis.findings().get(i);
            assertEquals(f.findingClass(), table.getStringValue("class", i));
            assertEquals(f.probability(), table.getValue("probability", i), 1e-9);
            assertEquals(f.centreMm().z(), table.getValue("centre_z_mm", i), 1e-9);
            assertEquals(f.volumeMl(), table.getValue("volume_ml", i), 1e-9);
            assertEquals(f.boundingBox()[2] + 1, (int) table.getValue("first_slice", i));
            assertEquals(f.boundingBox()[5] + 1, (int) table.getValue("last_slice", i));
        }
    }

    @Test
    void exportsTheFindingsWithTheReportWriterOneRowPerFinding() throws Exception {
        Path folder = exported.resolve(analysis.seriesInstanceUid());
        Path csv = folder.resolve(ReportWriter.FINDINGS_CSV);
        assertTrue(Files.isRegularFile(csv), "exported " + csv + "; log:\n" + log);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(analysis.findings().size() + 1, lines.size());
        assertTrue(lines.get(0).startsWith("model_name,model_version,model_sha256,finding_id,finding_class,probability"),
                lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(analysis.model().weightsSha256())),
                "the model's weights hash in every row");
        var doc = ReportWriter.mapper().readTree(folder.resolve(ReportWriter.FINDINGS_JSON).toFile());
        assertEquals(analysis.seriesInstanceUid(), doc.get("series_instance_uid").asText());
        assertEquals(analysis.findings().size(), doc.get("findings").size());
        for (var row : doc.get("findings")) {
            Path png = folder.resolve(row.get("overlay_png").asText());
            assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() >= 512, "overlay " + png);
        }
        try (var files = Files.walk(exported)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "no temporary file is left behind");
        }
    }

    @Test
    void drawsTheProbabilityPlotAndSavesScreenshotsOfTheOverlay() throws Exception {
        assertTrue(List.of(WindowManager.getImageTitles()).stream()
                .anyMatch(t -> t.startsWith(FindingsDisplay.PLOT_TITLE)), "the slice probability plot is shown");
        Files.createDirectories(SCREENSHOTS);
        Finding first = analysis.findings().get(0);
        imp.setSlice((int) Math.round(first.centreVoxel()[2]) + 1);
        ImagePlus flat = imp.flatten();
        Path flatPng = SCREENSHOTS.resolve("imagej-findings-flattened.png");
        IJ.saveAs(flat, "PNG", flatPng.toString());
        assertTrue(yellowPixels(ImageIO.read(flatPng.toFile())) > 20, "the flattened slice shows the yellow outline");

        arrangeWindows();
        Robot robot = new Robot();
        robot.waitForIdle();
        IJ.wait(800);
        BufferedImage screen = robot.createScreenCapture(new Rectangle(0, 0, 1280, 1024));
        Path screenPng = SCREENSHOTS.resolve("imagej-findings.png");
        ImageIO.write(screen, "png", screenPng.toFile());
        assertTrue(yellowPixels(screen) > 20, "the screen shows the yellow outline in the image window");
    }

    /** Places the image, table and plot windows side by side for the screenshot. */
    private static void arrangeWindows() {
        IJ.getInstance().setLocation(0, 0);
        imp.getWindow().setLocation(0, 110);
        IJ.run(imp, "Set... ", "zoom=200");
        int x = imp.getWindow().getWidth() + 10;
        Window table = WindowManager.getWindow(FindingsDisplay.TABLE_TITLE);
        table.setBounds(x, 110, 1280 - x, 200);
        for (String t : WindowManager.getImageTitles()) {
            if (t.startsWith(FindingsDisplay.PLOT_TITLE)) {
                WindowManager.getImage(t).getWindow().setLocation(x, 320);
            }
        }
        imp.getWindow().toFront();
    }

    private static int yellowPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r > 200 && g > 200 && b < 80) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double distance(Finding f, double[] mm) {
        double dx = f.centreMm().x() - mm[0];
        double dy = f.centreMm().y() - mm[1];
        double dz = f.centreMm().z() - mm[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** The pixels inside the outline are exactly the finding's voxels on that slice. */
    private static void assertOutlineHoldsExactlyTheFootprint(Roi outline, Finding f, int z) {
        Rectangle b = outline.getBounds();
        ImageProcessor mask = outline.getMask();
        int[] box = f.boundingBox();
        int inside = 0;
        for (int y = box[1] - 1; y <= box[4] + 1; y++) {
            for (int x = box[0] - 1; x <= box[3] + 1; x++) {
                boolean inOutline = mask == null ? b.contains(x, y)
                        : b.contains(x, y) && mask.get(x - b.x, y - b.y) != 0;
                assertEquals(f.footprint().contains(x, y, z), inOutline, "pixel " + x + "," + y + " slice " + (z + 1));
                inside += inOutline ? 1 : 0;
            }
        }
        assertTrue(inside > 0, "the outline encloses pixels on slice " + (z + 1));
    }
}
