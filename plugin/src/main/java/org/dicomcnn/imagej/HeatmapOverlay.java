package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.LutLoader;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import ij.process.ByteProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.localize.Heatmap;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.volume.Volume;

/**
 * Plugins &gt; DICOM CNN &gt; Heatmap Overlay: shows or hides the model's class-activation heatmaps
 * (Grad-CAM for the built-in model, {@link FindingDetector#heatmaps}) on the slices of the current
 * image's findings, for each finding's class, as semi-transparent "fire" images in the overlay
 * under the outlines. Computed each time they are shown (a few seconds).
 *
 * <pre>{@code
 * run("Heatmap Overlay", "heatmap=show");
 * }</pre>
 *
 * Keys: {@link MacroKeys#HEATMAP}.
 */
public final class HeatmapOverlay implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "Heatmap Overlay";
    /** The name of the overlay's heatmap images. */
    static final String ROI_NAME = "heatmap";

    private static final double OPACITY = 0.45;
    /** Heatmap values below this fraction of the class's largest are left transparent. */
    private static final double FLOOR = 0.2;

    @Override
    public void run(String arg) {
        CommandFailure.run(COMMAND, () -> {
            MacroOptions macro = MacroOptions.parse(Macro.getOptions(), MacroKeys.HEATMAP_KEYS);
            String action = macro.getChoice(MacroKeys.HEATMAP, "toggle", List.of("show", "hide", "toggle"));
            ImagePlus imp = WindowManager.getCurrentImage();
            Session.OpenedSeries series = ClassifySeries.openedSeries(imp, COMMAND);
            StudyAnalysis analysis = Session.get().analysis(imp).orElseThrow(() -> new IllegalArgumentException(
                    "image '" + imp.getTitle() + "' has not been classified; run " + ClassifySeries.COMMAND + " first"));
            Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
            boolean shown = overlay.getIndex(ROI_NAME) >= 0;
            boolean show = action.equals("toggle") ? !shown : action.equals("show");
            for (int i = overlay.size() - 1; i >= 0; i--) {
                if (ROI_NAME.equals(overlay.get(i).getName())) {
                    overlay.remove(i);
                }
            }
            if (show) {
                new ImageJProgress(COMMAND).progress(0, 0, "computing heatmaps");
                List<Roi> rois = heatmapRois(series.volume(), analysis);
                // under the outlines and labels, so that they stay readable
                Overlay ordered = new Overlay();
                rois.forEach(ordered::add);
                for (Roi r : overlay.toArray()) {
                    ordered.add(r);
                }
                overlay = ordered;
            }
            imp.setOverlay(overlay);
            imp.updateAndDraw();
            if (Macro.getOptions() == null && Recorder.record) {
                // record what was done, so that the line replays it whatever the overlay shows then
                Recorder.resetCommandOptions();
                Recorder.recordOption(MacroKeys.HEATMAP, show ? "show" : "hide");
            }
            IJ.showStatus(COMMAND + (show ? ": shown" : ": hidden"));
        });
    }

    /**
     * The heatmap images for the slices of every finding, per finding class, scaled to the
     * class's largest value.
     */
    static List<Roi> heatmapRois(Volume volume, StudyAnalysis analysis) throws BundleException, InferenceException {
        try (Session.ModelLease model = Session.get().leaseRuntime()) {
            return heatmapRois(volume, analysis, model.runtime());
        }
    }

    private static List<Roi> heatmapRois(Volume volume, StudyAnalysis analysis, ModelRuntime runtime)
            throws InferenceException {
        FindingDetector detector = new FindingDetector(runtime, new Preprocessor(runtime.manifest().input()),
                FindingDetector.Settings.forManifest(runtime.manifest()));
        List<String> classes = runtime.manifest().classes();
        List<Roi> rois = new ArrayList<>();
        java.awt.image.IndexColorModel fire = LutLoader.getLut("fire");
        for (int c = 0; c < classes.size(); c++) {
            TreeSet<Integer> slices = new TreeSet<>();
            for (Finding f : analysis.findings()) {
                if (f.findingClass().equals(classes.get(c))) {
                    int[] box = f.boundingBox();
                    for (int z = box[2]; z <= box[5]; z++) {
                        slices.add(z);
                    }
                }
            }
            if (slices.isEmpty()) {
                continue;
            }
            List<Heatmap> maps = detector.heatmaps(volume, new ArrayList<>(slices), c);
            float max = 0;
            for (Heatmap h : maps) {
                max = Math.max(max, h.max());
            }
            if (max <= 0) {
                continue;
            }
            for (Heatmap h : maps) {
                ByteProcessor bp = new ByteProcessor(volume.width(), volume.height());
                for (int j = 0; j < volume.height(); j++) {
                    for (int i = 0; i < volume.width(); i++) {
                        double v = h.atVoxel(i, j) / max;
                        bp.set(i, j, v < FLOOR ? 0 : (int) Math.round(Math.min(1, v) * 255));
                    }
                }
                bp.setColorModel(fire);
                ImageRoi roi = new ImageRoi(0, 0, bp.convertToRGB());
                roi.setZeroTransparent(true);
                roi.setOpacity(OPACITY);
                roi.setName(ROI_NAME);
                roi.setPosition(h.slice() + 1);
                rois.add(roi);
            }
        }
        return rois;
    }
}
