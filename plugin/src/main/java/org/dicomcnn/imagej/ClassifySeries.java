package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import java.util.List;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.volume.SeriesLoader;

/**
 * Plugins &gt; DICOM CNN &gt; Classify: runs the model over the series behind the current image
 * (opened by {@link OpenDicomSeries}) and shows the findings as an overlay, in the table "DICOM
 * CNN findings" and as a per-slice probability plot ({@link FindingsDisplay}). Progress shows on
 * ImageJ's progress bar; Esc cancels, leaving the image as it was.
 *
 * <pre>{@code
 * run("Classify DICOM Series", "method=heatmap batch=16");
 * }</pre>
 *
 * Keys: {@link MacroKeys#METHOD}, {@link MacroKeys#BATCH}.
 */
public final class ClassifySeries implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "Classify DICOM Series";

    /** The value of {@link MacroKeys#METHOD} that keeps the model bundle's choice. */
    static final String BUNDLE_METHOD = "bundle";
    private static final List<String> METHODS = List.of(BUNDLE_METHOD, "heatmap", "region");

    @Override
    public void run(String arg) {
        CommandFailure.run(COMMAND, () -> {
            ImagePlus imp = WindowManager.getCurrentImage();
            Session.OpenedSeries series = openedSeries(imp, COMMAND);
            String method;
            int batch;
            String options = Macro.getOptions();
            if (options != null) {
                MacroOptions macro = MacroOptions.parse(options, MacroKeys.CLASSIFY_KEYS);
                method = macro.getChoice(MacroKeys.METHOD, BUNDLE_METHOD, METHODS);
                batch = macro.batch();
            } else {
                GenericDialog gd = new GenericDialog(COMMAND);
                gd.addMessage("Research use only; not for clinical use.");
                gd.addChoice("Nodule placement", METHODS.toArray(String[]::new), BUNDLE_METHOD);
                gd.addNumericField("Slices per forward pass", MacroOptions.DEFAULT_BATCH, 0);
                gd.showDialog();
                if (gd.wasCanceled()) {
                    return;
                }
                method = gd.getNextChoice();
                batch = MacroOptions.batchFromDialog(gd.getNextNumber());
                if (Recorder.record) {
                    Recorder.resetCommandOptions();
                    Recorder.recordOption(MacroKeys.METHOD, method);
                    Recorder.recordOption(MacroKeys.BATCH, Integer.toString(batch));
                }
            }
            StudyAnalysis analysis = classify(series, method, batch, new ImageJProgress(COMMAND));
            if (!Session.get().putAnalysis(imp, analysis)) {
                // closed while the model ran: nothing to draw on
                IJ.showProgress(1.0);
                IJ.showStatus(COMMAND + ": the image was closed; its findings are not kept");
                return;
            }
            FindingsDisplay.show(imp, analysis);
            IJ.showProgress(1.0);
            IJ.showStatus(COMMAND + ": " + analysis.findings().size() + " finding(s) in "
                    + analysis.timings().totalMs() + " ms");
        });
    }

    /**
     * Runs the pipeline on an opened series with the session's model.
     *
     * @param series the series
     * @param method {@link #BUNDLE_METHOD}, "heatmap" or "region"
     * @param batch slices per forward pass
     * @param progress progress and cancellation
     * @return the analysis
     * @throws BundleException if the model bundle cannot be read
     * @throws InferenceException if the model fails
     */
    static StudyAnalysis classify(Session.OpenedSeries series, String method, int batch, ImageJProgress progress)
            throws BundleException, InferenceException {
        try (Session.ModelLease model = Session.get().leaseRuntime()) {
            ModelRuntime runtime = model.runtime();
            FindingDetector.Settings settings = FindingDetector.Settings.forManifest(runtime.manifest());
            if (!BUNDLE_METHOD.equals(method)) {
                settings = settings.withNoduleMethod(
                        "region".equals(method) ? FindingDetector.Method.REGION : FindingDetector.Method.HEATMAP);
            }
            String modality = runtime.manifest().input().modality();
            String seriesModality = series.loaded().series().modality();
            if (!seriesModality.equalsIgnoreCase(modality)) {
                throw new IllegalArgumentException("the model reads " + modality + " series; series "
                        + series.loaded().series().seriesInstanceUid() + " is " + seriesModality);
            }
            SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, new SeriesLoader(), settings, batch);
            return analyzer.analyze(series.study().studyInstanceUid(), series.loaded(), series.loadMs(), progress);
        }
    }

    /**
     * The series behind an image, or a readable error.
     *
     * @param imp the current image, or null
     * @param command the command asking, for the message
     * @return the series
     * @throws IllegalArgumentException when there is no image or it was not opened by Open DICOM Series
     */
    static Session.OpenedSeries openedSeries(ImagePlus imp, String command) {
        if (imp == null) {
            throw new IllegalArgumentException("no image is open; open a series with Plugins > DICOM CNN > "
                    + OpenDicomSeries.COMMAND + " first");
        }
        return Session.get().series(imp).orElseThrow(() -> new IllegalArgumentException("image '" + imp.getTitle()
                + "' was not opened by " + OpenDicomSeries.COMMAND + "; " + command + " needs the DICOM series behind it"));
    }
}
