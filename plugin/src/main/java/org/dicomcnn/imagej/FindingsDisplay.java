package org.dicomcnn.imagej;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Plot;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.Font;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.Footprint;
import org.dicomcnn.pipeline.StudyAnalysis;

/**
 * Shows an analysis in ImageJ: the findings as an overlay on the stack, one row per finding in
 * the results table {@value #TABLE_TITLE}, and the per-slice probabilities as a plot.
 */
final class FindingsDisplay {

    /** The results table's title. */
    static final String TABLE_TITLE = "DICOM CNN findings";
    /** The plot's title prefix. */
    static final String PLOT_TITLE = "DICOM CNN slice probabilities";

    /** The table's columns, in order; slices are 1-based as ImageJ numbers them. */
    static final List<String> COLUMNS = List.of("class", "probability", "centre_x_mm", "centre_y_mm", "centre_z_mm",
            "diameter_mm", "volume_ml", "first_slice", "last_slice", "method");

    private static final Color[] COLOURS = {Color.YELLOW, Color.CYAN, Color.MAGENTA, Color.ORANGE, Color.GREEN};

    private FindingsDisplay() {
    }

    /**
     * The overlay: on every slice a finding spans, the outline of the voxels it was measured on
     * (its footprint; the ellipse in its bounding box when it carries none), and on that slice a
     * label "class probability". Each shape is positioned on its slice, so it shows only there.
     *
     * @param analysis the analysis
     * @return the overlay, empty when nothing was found
     */
    static Overlay overlay(StudyAnalysis analysis) {
        Overlay overlay = new Overlay();
        List<Finding> findings = analysis.findings();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            Color colour = COLOURS[Math.max(0, classIndex(analysis, f)) % COLOURS.length];
            int[] box = f.boundingBox();
            String label = label(f);
            for (int z = box[2]; z <= box[5]; z++) {
                Roi outline = outline(f, z);
                if (outline == null) {
                    continue; // a footprint with a gap: this slice holds none of its voxels
                }
                outline.setStrokeColor(colour);
                outline.setStrokeWidth(1.5);
                outline.setPosition(z + 1);
                outline.setName(outlineName(i, z));
                overlay.add(outline);
                TextRoi text = new TextRoi(box[0], Math.max(0, box[1] - 16), label, new Font("SansSerif", Font.BOLD, 12));
                text.setStrokeColor(colour);
                text.setPosition(z + 1);
                text.setName("finding " + (i + 1) + " label");
                overlay.add(text);
            }
        }
        return overlay;
    }

    /**
     * @param findingIndex the finding's index in the analysis (0-based)
     * @param slice the slice index (0-based)
     * @return the name of that finding's outline on that slice, "finding 1 slice 12" (1-based)
     */
    static String outlineName(int findingIndex, int slice) {
        return "finding " + (findingIndex + 1) + " slice " + (slice + 1);
    }

    /**
     * A finding's outline on one slice: the boundary of its footprint there, holes included,
     * traced by ImageJ's own mask-to-selection; the ellipse in its bounding box when the finding
     * carries no footprint.
     *
     * @param f the finding
     * @param slice the slice index (0-based)
     * @return the outline in image pixels, or null when the footprint holds no voxel on that slice
     */
    static Roi outline(Finding f, int slice) {
        int[] box = f.boundingBox();
        if (f.footprint().isEmpty()) {
            return new OvalRoi(box[0], box[1], box[3] - box[0] + 1, box[4] - box[1] + 1);
        }
        List<Footprint.Run> runs = f.footprint().runsOn(slice);
        if (runs.isEmpty()) {
            return null;
        }
        ByteProcessor mask = new ByteProcessor(box[3] - box[0] + 1, box[4] - box[1] + 1);
        for (Footprint.Run run : runs) {
            for (int x = run.firstColumn(); x <= run.lastColumn(); x++) {
                mask.set(x - box[0], run.row() - box[1], 255);
            }
        }
        mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        Roi roi = new ThresholdToSelection().convert(mask);
        Rectangle bounds = roi.getBounds();
        roi.setLocation(bounds.x + box[0], bounds.y + box[1]);
        return roi;
    }

    /**
     * @param f a finding
     * @return "nodule 0.93"
     */
    static String label(Finding f) {
        return String.format(Locale.ROOT, "%s %.2f", f.findingClass(), f.probability());
    }

    /**
     * Fills the table with one row per finding, replacing its rows.
     *
     * @param table the table
     * @param analysis the analysis
     */
    static void fill(ResultsTable table, StudyAnalysis analysis) {
        table.reset();
        table.setPrecision(3);
        for (Finding f : analysis.findings()) {
            int[] box = f.boundingBox();
            table.incrementCounter();
            table.addValue(COLUMNS.get(0), f.findingClass());
            table.addValue(COLUMNS.get(1), f.probability());
            table.addValue(COLUMNS.get(2), f.centreMm().x());
            table.addValue(COLUMNS.get(3), f.centreMm().y());
            table.addValue(COLUMNS.get(4), f.centreMm().z());
            table.addValue(COLUMNS.get(5), f.diameterMm());
            table.addValue(COLUMNS.get(6), f.volumeMl());
            table.addValue(COLUMNS.get(7), box[2] + 1);
            table.addValue(COLUMNS.get(8), box[5] + 1);
            table.addValue(COLUMNS.get(9), f.provenance().method());
        }
    }

    /**
     * The per-slice probability of every class that is not background.
     *
     * @param analysis an analysis with scores
     * @param imageTitle the image's title, for the plot's title
     * @return the plot
     */
    static Plot plot(StudyAnalysis analysis, String imageTitle) {
        SliceScores s = analysis.scores();
        Plot plot = new Plot(PLOT_TITLE + " - " + imageTitle, "slice", "probability");
        plot.setLimits(1, Math.max(2, s.slices()), 0, 1);
        double[] x = new double[s.slices()];
        for (int k = 0; k < x.length; k++) {
            x[k] = k + 1;
        }
        StringBuilder legend = new StringBuilder();
        for (int c = 0; c < s.classes().size(); c++) {
            if (org.dicomcnn.localize.FindingDetector.isBackground(s.classes().get(c))) {
                continue;
            }
            plot.setColor(COLOURS[c % COLOURS.length]);
            plot.addPoints(x, s.ofClass(c), Plot.LINE);
            legend.append(s.classes().get(c)).append('\n');
        }
        plot.setColor(Color.BLACK);
        plot.addLegend(legend.toString().trim());
        return plot;
    }

    private static int classIndex(StudyAnalysis analysis, Finding f) {
        return analysis.scores() == null ? 0 : analysis.scores().classes().indexOf(f.findingClass());
    }

    /**
     * Shows the analysis on its image and in the table and plot.
     *
     * @param imp the image analysed
     * @param analysis its analysis
     * @return the table shown
     */
    static ResultsTable show(ImagePlus imp, StudyAnalysis analysis) {
        imp.setOverlay(overlay(analysis));
        if (!analysis.findings().isEmpty()) {
            // show the most probable finding's centre slice
            imp.setSlice((int) Math.round(analysis.findings().get(0).centreVoxel()[2]) + 1);
        }
        ResultsTable table = ResultsTable.getResultsTable(TABLE_TITLE);
        if (table == null) {
            table = new ResultsTable();
        }
        fill(table, analysis);
        table.show(TABLE_TITLE);
        if (analysis.scores() != null) {
            plot(analysis, imp.getTitle()).show();
            // the plot became the current image; the next command (Export Results, ...) means the series
            SeriesImage.selectIfOpen(imp);
        }
        imp.updateAndDraw();
        return table;
    }
}
