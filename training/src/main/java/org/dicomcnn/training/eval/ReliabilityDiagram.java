package org.dicomcnn.training.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Objects;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a reliability diagram as an 800&times;600 PNG with JFreeChart: the observed frequency of
 * positives against the mean predicted probability of each non-empty bin, the diagonal of perfect
 * calibration, and the number of samples per bin as grey bars on a second axis (labelled with the
 * counts); the expected calibration error is in the title.
 *
 * <p>The chart is rendered into an off-screen image and needs no display, so it works in
 * headless JVMs ({@code -Djava.awt.headless=true}) and on cluster nodes; only fonts (Debian's
 * {@code fontconfig} and a font package) must be installed. The file is written to a temporary
 * sibling and moved into place, so a reader never sees half a PNG.
 *
 * <pre>{@code
 * ReliabilityBins bins = CalibrationMetrics.reliability(p, truth, 10);
 * ReliabilityDiagram.write(out.resolve("nodule-reliability.png"), "nodule, test split",
 *         bins, bins.expectedCalibrationError());
 * }</pre>
 */
public final class ReliabilityDiagram {

    /** Image width in pixels. */
    public static final int WIDTH_PX = 800;
    /** Image height in pixels. */
    public static final int HEIGHT_PX = 600;

    private static final Logger LOG = LoggerFactory.getLogger(ReliabilityDiagram.class);
    private static final Color OBSERVED_COLOUR = new Color(0x1f, 0x77, 0xb4);
    private static final Color DIAGONAL_COLOUR = Color.DARK_GRAY;
    private static final Color COUNT_COLOUR = new Color(160, 160, 160, 110);
    private static final float LINE_WIDTH = 2f;
    private static final float[] DASH = {6f, 6f};
    /** The count axis reaches this multiple of the tallest bar: bars use the lower third. */
    private static final double COUNT_AXIS_HEADROOM = 3;
    /** The share of a bin's width left empty between bars. */
    private static final double BAR_MARGIN = 0.06;
    private static final int OBSERVED_DATASET = 0;
    private static final int COUNT_DATASET = 1;

    private ReliabilityDiagram() {}

    /**
     * Writes the diagram.
     *
     * @param png the file to write; its folder is created if missing; an existing file is replaced
     * @param title the chart title, for people (a class name and split; never patient data)
     * @param bins the reliability bins
     * @param ece the expected calibration error shown in the title, in [0, 1]
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code ece} is outside [0, 1]
     */
    public static void write(Path png, String title, ReliabilityBins bins, double ece) throws IOException {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(bins, "bins");
        if (!(ece >= 0 && ece <= 1)) {
            throw new IllegalArgumentException("ece " + ece + " must lie in [0, 1]");
        }
        JFreeChart chart = chart(title, bins, ece);
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, png.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ChartUtils.writeChartAsPNG(out, chart, WIDTH_PX, HEIGHT_PX);
            }
            try {
                Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.debug("wrote reliability diagram {} ({} bins, {} samples)", png, bins.bins().size(), bins.total());
    }

    /**
     * Builds the chart without writing it.
     *
     * @param title the title
     * @param bins the bins
     * @param ece the ECE for the title
     * @return the chart
     */
    static JFreeChart chart(String title, ReliabilityBins bins, double ece) {
        XYSeries observed = new XYSeries("observed frequency", false, true);
        XYIntervalSeries counts = new XYIntervalSeries("samples per bin");
        for (ReliabilityBins.Bin b : bins.bins()) {
            if (!b.isEmpty()) {
                observed.add(b.meanPredicted(), b.observedFrequency());
            }
            counts.add((b.lower() + b.upper()) / 2, b.lower(), b.upper(), b.count(), 0, b.count());
        }
        XYSeries diagonal = new XYSeries("perfect calibration");
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(observed);
        lines.addSeries(diagonal);
        XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
        bars.addSeries(counts);

        NumberAxis predicted = new NumberAxis("mean predicted probability");
        predicted.setRange(0, 1);
        NumberAxis frequency = new NumberAxis("observed frequency of positives");
        frequency.setRange(0, 1);
        NumberAxis countAxis = new NumberAxis("samples per bin");
        countAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        long maxCount = bins.bins().stream().mapToLong(ReliabilityBins.Bin::count).max().orElse(0);
        // the bars fill the lower part of the plot so that they stay clear of the curve
        countAxis.setRange(0, Math.max(1, maxCount) * COUNT_AXIS_HEADROOM);

        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        lineRenderer.setSeriesShapesVisible(0, true);
        lineRenderer.setSeriesPaint(0, OBSERVED_COLOUR);
        lineRenderer.setSeriesStroke(0, new BasicStroke(LINE_WIDTH));
        lineRenderer.setSeriesPaint(1, DIAGONAL_COLOUR);
        lineRenderer.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                DASH, 0f));

        XYBarRenderer barRenderer = new XYBarRenderer();
        barRenderer.setUseYInterval(true);
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        barRenderer.setMargin(BAR_MARGIN);
        barRenderer.setSeriesPaint(0, COUNT_COLOUR);
        DecimalFormat integer = new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        barRenderer.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator("{2}", integer, integer));
        barRenderer.setDefaultItemLabelsVisible(true);

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(predicted);
        plot.setRangeAxis(OBSERVED_DATASET, frequency);
        plot.setRangeAxis(COUNT_DATASET, countAxis);
        plot.setDataset(OBSERVED_DATASET, lines);
        plot.setRenderer(OBSERVED_DATASET, lineRenderer);
        plot.mapDatasetToRangeAxis(OBSERVED_DATASET, OBSERVED_DATASET);
        plot.setDataset(COUNT_DATASET, bars);
        plot.setRenderer(COUNT_DATASET, barRenderer);
        plot.mapDatasetToRangeAxis(COUNT_DATASET, COUNT_DATASET);
        // the last dataset is drawn first, so the bars stay behind the curve
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        String heading = String.format(Locale.ROOT, "%s (ECE = %.4f, %d bins, n = %d)", title, ece,
                bins.bins().size(), bins.total());
        JFreeChart chart = new JFreeChart(heading, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addLegend(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
