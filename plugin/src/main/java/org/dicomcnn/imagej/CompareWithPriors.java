package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import ij.process.FloatProcessor;
import java.awt.Color;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.PatientComparison;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.temporal.DifferenceImage;
import org.dicomcnn.temporal.GrowthCriterion;
import org.dicomcnn.temporal.LesionChange;
import org.dicomcnn.temporal.LesionComparison;
import org.dicomcnn.temporal.LesionTracker;
import org.dicomcnn.temporal.Timeline;
import org.dicomcnn.temporal.Timelines;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;

/**
 * Plugins &gt; DICOM CNN &gt; Compare With Priors: compares the current image's patient over time
 * ({@link PatientComparison} on the patient's timeline from the folder Open DICOM Series scanned)
 * and shows a prior (the latest, or the one chosen by its Study Date) registered and resampled
 * onto the current grid beside the current study, the subtraction (current minus prior), the
 * table {@value #TABLE_TITLE} (one row per tracked lesion: status by the criterion, sizes,
 * doubling time) and a plot of volume over time, which hold every prior.
 *
 * <pre>{@code
 * run("Compare With Priors", "criterion=lung-rads-2022 batch=16 prior=latest");
 * run("Compare With Priors", "criterion=fleischner-2017 prior=2022-05-25");
 * }</pre>
 *
 * Keys: {@link MacroKeys#CRITERION}, {@link MacroKeys#BATCH}, {@link MacroKeys#PRIOR}.
 */
public final class CompareWithPriors implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "Compare With Priors";
    /** The tracked-lesion table's title. */
    static final String TABLE_TITLE = "DICOM CNN tracked lesions";
    /** The size plot's title. */
    static final String PLOT_TITLE = "DICOM CNN lesion volume over time";
    /** The table's columns, in order. */
    static final List<String> COLUMNS = List.of("track", "class", "status", "criterion", "prior_date", "current_date",
            "interval_days", "prior_diameter_mm", "current_diameter_mm", "prior_volume_ml", "current_volume_ml",
            "doubling_time_days", "doubling_time_low_days", "doubling_time_high_days", "fast_growth");


    @Override
    public void run(String arg) {
        CommandFailure.run(COMMAND, () -> {
            ImagePlus imp = WindowManager.getCurrentImage();
            Session.OpenedSeries series = ClassifySeries.openedSeries(imp, COMMAND);
            Timeline timeline = timeline(series);
            List<LocalDate> priorDates = priorDates(timeline);
            GrowthCriterion criterion;
            int batch;
            Optional<LocalDate> prior;
            List<String> names = Arrays.stream(GrowthCriterion.values()).map(GrowthCriterion::cliName).toList();
            String options = Macro.getOptions();
            if (options != null) {
                MacroOptions macro = MacroOptions.parse(options, MacroKeys.COMPARE_KEYS);
                criterion = GrowthCriterion.parse(macro.getChoice(MacroKeys.CRITERION,
                        GrowthCriterion.LUNG_RADS_2022.cliName(), names));
                batch = macro.batch();
                prior = chosenPrior(macro.get(MacroKeys.PRIOR, MacroKeys.LATEST_PRIOR), priorDates);
            } else {
                GenericDialog gd = new GenericDialog(COMMAND);
                gd.addMessage("Research use only; not for clinical use.");
                gd.addChoice("Growth criterion for nodules", names.toArray(String[]::new),
                        GrowthCriterion.LUNG_RADS_2022.cliName());
                gd.addNumericField("Slices per forward pass", MacroOptions.DEFAULT_BATCH, 0);
                String[] priors = new String[priorDates.size() + 1];
                priors[0] = MacroKeys.LATEST_PRIOR;
                for (int i = 0; i < priorDates.size(); i++) {
                    priors[i + 1] = priorDates.get(i).toString();
                }
                gd.addChoice("Prior to show", priors, MacroKeys.LATEST_PRIOR);
                gd.showDialog();
                if (gd.wasCanceled()) {
                    return;
                }
                criterion = GrowthCriterion.parse(gd.getNextChoice());
                batch = MacroOptions.batchFromDialog(gd.getNextNumber());
                String shown = gd.getNextChoice();
                prior = chosenPrior(shown, priorDates);
                if (Recorder.record) {
                    // the dialog recorded its labels' first words; record the documented keys instead
                    Recorder.resetCommandOptions();
                    Recorder.recordOption(MacroKeys.CRITERION, criterion.cliName());
                    Recorder.recordOption(MacroKeys.BATCH, Integer.toString(batch));
                    Recorder.recordOption(MacroKeys.PRIOR, shown);
                }
            }
            if (!timeline.current().study().studyInstanceUid().equals(series.study().studyInstanceUid())) {
                IJ.log(COMMAND + ": the patient's current study is " + timeline.current().study().studyInstanceUid()
                        + " (" + timeline.current().study().studyDate() + "), not the one shown; comparing from it");
            }
            PatientComparison.Result result = compare(timeline, criterion, batch, new ImageJProgress(COMMAND));
            try {
                show(result, prior);
            } finally {
                // the plot became the current image; the next command (Export Results, ...) means the series
                SeriesImage.selectIfOpen(imp);
            }
            IJ.showProgress(1.0);
            IJ.showStatus(COMMAND + ": " + result.comparison().lesions().size() + " tracked lesion(s) over "
                    + result.studies().size() + " studies");
        });
    }

    /** The patient's timeline from the scanned folder, or a readable error when it has no comparable prior. */
    private static Timeline timeline(Session.OpenedSeries series) {
        Timeline timeline = Timelines.of(series.patient()).orElseThrow(() -> new IllegalArgumentException(
                "no study of this patient has a Study Date; studies cannot be placed in time"));
        if (timeline.comparablePriors().isEmpty()) {
            throw new IllegalArgumentException("no comparable prior study of this patient under "
                    + series.index().root() + "; open the series from a folder that also holds the patient's "
                    + "earlier studies" + (timeline.problems().isEmpty() ? "" : " (" + String.join("; ",
                    timeline.problems()) + ")"));
        }
        return timeline;
    }

    /**
     * The Study Dates of a timeline's comparable priors, newest first, each once.
     *
     * @param timeline a timeline
     * @return the dates
     */
    static List<LocalDate> priorDates(Timeline timeline) {
        return timeline.comparablePriors().stream().map(p -> p.dateTime().toLocalDate()).distinct()
                .sorted(Comparator.reverseOrder()).toList();
    }

    /**
     * Reads the value of {@link MacroKeys#PRIOR}.
     *
     * @param value {@link MacroKeys#LATEST_PRIOR} or a Study Date, yyyy-MM-dd
     * @param priorDates the comparable priors' dates ({@link #priorDates})
     * @return the chosen prior's date; empty for the latest
     * @throws IllegalArgumentException naming the key, the value and the dates expected
     */
    static Optional<LocalDate> chosenPrior(String value, List<LocalDate> priorDates) {
        String v = value.trim();
        if (v.equalsIgnoreCase(MacroKeys.LATEST_PRIOR)) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(v);
            if (priorDates.contains(date)) {
                return Optional.of(date);
            }
        } catch (DateTimeParseException e) {
            // reported below with the key and the dates expected
        }
        throw MacroOptions.badValue(MacroKeys.PRIOR, value, MacroKeys.LATEST_PRIOR
                + " or the Study Date (yyyy-MM-dd) of a comparable prior: " + priorDates.stream()
                .map(LocalDate::toString).collect(Collectors.joining(", ")));
    }

    private static PatientComparison.Result compare(Timeline timeline, GrowthCriterion criterion, int batch,
            ImageJProgress progress) throws BundleException, InferenceException {
        try (Session.ModelLease model = Session.get().leaseRuntime()) {
            ModelRuntime runtime = model.runtime();
            SeriesLoader loader = new SeriesLoader();
            SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, loader,
                    FindingDetector.Settings.forManifest(runtime.manifest()), batch);
            return new PatientComparison(analyzer, loader, PatientComparison.Settings.DEFAULT.withCriterion(criterion))
                    .compare(timeline, progress);
        }
    }

    /**
     * Shows the chosen prior registered beside the current study, the subtraction, the table and
     * the plot.
     *
     * @param result the comparison
     * @param prior the Study Date of the prior to show as images; empty for the latest
     * @throws IllegalArgumentException when the chosen prior was left out of the comparison (the
     *     table and plot are shown first)
     */
    static void show(PatientComparison.Result result, Optional<LocalDate> prior) {
        result.notes().forEach(n -> IJ.log(COMMAND + ": " + n));
        ResultsTable table = new ResultsTable();
        fill(table, result.comparison());
        table.show(TABLE_TITLE);
        plot(result.comparison()).show();
        List<PatientComparison.Study> studies = result.studies();
        int shown = studies.size() - 2;
        if (prior.isPresent()) {
            shown = -1;
            for (int i = 0; i < studies.size() - 1; i++) {
                if (studies.get(i).date().equals(prior.get())) {
                    shown = i;
                }
            }
            if (shown < 0) {
                throw new IllegalArgumentException("the prior of " + prior.get() + " was left out of the comparison"
                        + (result.notes().isEmpty() ? "" : " (" + String.join("; ", result.notes()) + ")")
                        + "; the table and the plot are shown, no images");
            }
        }
        if (shown >= 0) {
            PatientComparison.Study current = result.current();
            PatientComparison.Study p = studies.get(shown);
            DifferenceImage diff = result.differenceImage(shown);
            sideBySide(diff.resampledPrior(), current.volume(), p.date(), current.date()).show();
            ImagePlus sub = stack(diff.subtraction(), "subtraction " + current.date() + " minus " + p.date());
            sub.setDisplayRange(-300, 300);
            sub.show();
        }
    }

    /**
     * Fills the table, one row per tracked lesion, with its change into the current study.
     *
     * @param table the table (rows replaced)
     * @param comparison the comparison
     */
    static void fill(ResultsTable table, LesionComparison.Result comparison) {
        table.reset();
        table.setPrecision(2);
        List<LocalDate> dates = comparison.dates();
        for (LesionComparison.History h : comparison.lesions()) {
            LesionChange c = h.currentChange();
            table.incrementCounter();
            table.addValue(COLUMNS.get(0), h.track().id());
            table.addValue(COLUMNS.get(1), h.track().findingClass());
            table.addValue(COLUMNS.get(2), c == null ? "not seen" : c.status().name());
            table.addValue(COLUMNS.get(3), c == null ? "" : c.criterion().cliName());
            table.addValue(COLUMNS.get(4), dates.size() > 1 ? dates.get(dates.size() - 2).toString() : "");
            table.addValue(COLUMNS.get(5), dates.get(dates.size() - 1).toString());
            table.addValue(COLUMNS.get(6), c == null || c.intervalDays() == null ? Double.NaN : c.intervalDays());
            table.addValue(COLUMNS.get(7), c == null || c.prior() == null ? Double.NaN : c.prior().meanDiameterMm());
            table.addValue(COLUMNS.get(8), c == null || c.current() == null ? Double.NaN : c.current().meanDiameterMm());
            table.addValue(COLUMNS.get(9), c == null || c.prior() == null ? Double.NaN : c.prior().volumeMl());
            table.addValue(COLUMNS.get(10), c == null || c.current() == null ? Double.NaN : c.current().volumeMl());
            boolean vdt = c != null && c.doublingTime() != null;
            table.addValue(COLUMNS.get(11), vdt ? c.doublingTime().days() : Double.NaN);
            table.addValue(COLUMNS.get(12), vdt ? c.doublingTime().lowerDays() : Double.NaN);
            table.addValue(COLUMNS.get(13), vdt ? c.doublingTime().upperDays() : Double.NaN);
            table.addValue(COLUMNS.get(14), c != null && c.fastGrowth() ? "yes" : "no");
        }
    }

    /**
     * Volume over time, one line per tracked lesion, days from the first study.
     *
     * @param comparison the comparison
     * @return the plot
     */
    static Plot plot(LesionComparison.Result comparison) {
        List<LocalDate> dates = comparison.dates();
        Plot plot = new Plot(PLOT_TITLE, "days since " + dates.get(0), "volume (ml)");
        Color[] colours = {Color.RED, Color.BLUE, new Color(0, 140, 0), Color.MAGENTA, Color.ORANGE, Color.DARK_GRAY};
        StringBuilder legend = new StringBuilder();
        double maxVolume = 0;
        int i = 0;
        for (LesionComparison.History h : comparison.lesions()) {
            List<LesionTracker.Observation> obs = h.track().observations();
            double[] x = new double[obs.size()];
            double[] y = new double[obs.size()];
            for (int k = 0; k < obs.size(); k++) {
                x[k] = ChronoUnit.DAYS.between(dates.get(0), dates.get(obs.get(k).timePoint()));
                y[k] = obs.get(k).volumeMl();
                maxVolume = Math.max(maxVolume, y[k]);
            }
            Color colour = colours[i++ % colours.length];
            plot.setColor(colour, colour);
            plot.setLineWidth(2);
            plot.addPoints(x, y, Plot.CONNECTED_CIRCLES);
            legend.append(String.format(Locale.ROOT, "%s %s%n", h.track().id(), h.track().findingClass()));
        }
        double lastDay = ChronoUnit.DAYS.between(dates.get(0), dates.get(dates.size() - 1));
        plot.setLimits(-0.05 * Math.max(1, lastDay), lastDay * 1.05 + 1, 0, Math.max(0.01, maxVolume * 1.15));
        if (legend.length() > 0) {
            plot.addLegend(legend.toString().trim());
        }
        return plot;
    }

    /** The registered prior (left) and the current study (right) on one stack, current geometry. */
    private static ImagePlus sideBySide(Volume prior, Volume current, LocalDate priorDate, LocalDate currentDate) {
        int w = current.width();
        int h = current.height();
        ImageStack stack = new ImageStack(2 * w, h);
        for (int k = 0; k < current.depth(); k++) {
            float[] both = new float[2 * w * h];
            float[] p = prior.slice(k);
            float[] c = current.slice(k);
            for (int y = 0; y < h; y++) {
                System.arraycopy(p, y * w, both, y * 2 * w, w);
                System.arraycopy(c, y * w, both, y * 2 * w + w, w);
            }
            stack.addSlice("slice " + (k + 1), new FloatProcessor(2 * w, h, both));
        }
        ImagePlus imp = new ImagePlus("prior " + priorDate + " registered | current " + currentDate, stack);
        calibrate(imp, current);
        imp.setDisplayRange(-1350, 150);
        return imp;
    }

    private static ImagePlus stack(Volume v, String title) {
        ImageStack stack = new ImageStack(v.width(), v.height());
        for (int k = 0; k < v.depth(); k++) {
            stack.addSlice("slice " + (k + 1), new FloatProcessor(v.width(), v.height(), v.slice(k).clone()));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        calibrate(imp, v);
        return imp;
    }

    private static void calibrate(ImagePlus imp, Volume v) {
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = v.geometry().columnSpacingMm();
        cal.pixelHeight = v.geometry().rowSpacingMm();
        cal.pixelDepth = v.geometry().sliceSpacingMm();
        cal.setUnit("mm");
        cal.setValueUnit("HU");
    }
}
