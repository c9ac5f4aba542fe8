package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;
import java.util.List;
import org.dicomcnn.pipeline.StudyAnalysis;

/**
 * Plugins &gt; DICOM CNN &gt; Show Findings: draws the current image's last analysis again (overlay,
 * table and plot), e.g. after the overlay was removed or the table closed. Takes no keys.
 *
 * <pre>{@code
 * run("Show Findings");
 * }</pre>
 */
public final class ShowFindings implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "Show Findings";

    @Override
    public void run(String arg) {
        CommandFailure.run(COMMAND, () -> {
            MacroOptions.parse(Macro.getOptions(), List.of());
            ImagePlus imp = WindowManager.getCurrentImage();
            ClassifySeries.openedSeries(imp, COMMAND);
            StudyAnalysis analysis = Session.get().analysis(imp).orElseThrow(() -> new IllegalArgumentException(
                    "image '" + imp.getTitle() + "' has not been classified; run " + ClassifySeries.COMMAND + " first"));
            FindingsDisplay.show(imp, analysis);
            IJ.showStatus(COMMAND + ": " + analysis.findings().size() + " finding(s)");
        });
    }
}
