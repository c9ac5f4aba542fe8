package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.io.DirectoryChooser;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.pipeline.StudyAnalysis;

/**
 * Plugins &gt; DICOM CNN &gt; Export Results: writes the current image's findings as CSV, one row
 * per finding with the columns of the findings table plus the series and the model, to
 * {@code findings-<Series Instance UID>.csv} in a folder. The file is written under a temporary
 * name and moved into place, so an interrupted export never leaves a half-written file.
 *
 * <pre>{@code
 * run("Export Results", "output=[/data/results]");
 * }</pre>
 *
 * Keys: {@link MacroKeys#OUTPUT}.
 */
public final class ExportResults implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "Export Results";

    @Override
    public void run(String arg) {
        try {
            ImagePlus imp = WindowManager.getCurrentImage();
            ClassifySeries.openedSeries(imp, COMMAND);
            StudyAnalysis analysis = Session.get().analysis(imp).orElseThrow(() -> new IllegalArgumentException(
                    "image '" + imp.getTitle() + "' has not been classified; run " + ClassifySeries.COMMAND + " first"));
            Path folder;
            String options = Macro.getOptions();
            if (options != null) {
                MacroOptions macro = MacroOptions.parse(options, MacroKeys.EXPORT_KEYS);
                String out = macro.get(MacroKeys.OUTPUT).orElseThrow(() -> new IllegalArgumentException(
                        "key '" + MacroKeys.OUTPUT + "' is required: the folder to write the CSV into"));
                folder = Path.of(out);
                if (!Files.isDirectory(folder)) {
                    throw MacroOptions.badValue(MacroKeys.OUTPUT, out, "an existing folder");
                }
            } else {
                String d = new DirectoryChooser("Folder for the findings CSV").getDirectory();
                if (d == null) {
                    return;
                }
                folder = Path.of(d);
                if (Recorder.record) {
                    Recorder.resetCommandOptions();
                    Recorder.recordOption(MacroKeys.OUTPUT, folder.toString());
                }
            }
            Path written = writeCsv(analysis, folder);
            IJ.showStatus(COMMAND + ": wrote " + written);
        } catch (IllegalArgumentException e) {
            CommandFailure.report(COMMAND, e.getMessage());
        } catch (IOException e) {
            CommandFailure.report(COMMAND, "could not write the CSV: " + e.getMessage());
        }
    }

    /**
     * Writes the findings CSV atomically.
     *
     * @param analysis an analysis
     * @param folder an existing folder
     * @return the file written
     * @throws IOException if it cannot be written
     */
    static Path writeCsv(StudyAnalysis analysis, Path folder) throws IOException {
        Path target = folder.resolve("findings-" + analysis.seriesInstanceUid() + ".csv");
        Path temp = Files.createTempFile(folder, ".findings-", ".csv.part");
        try {
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                w.write("series_instance_uid,model,model_version," + String.join(",", FindingsDisplay.COLUMNS) + "\n");
                for (Finding f : analysis.findings()) {
                    int[] box = f.boundingBox();
                    w.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%.4f,%.2f,%.2f,%.2f,%.2f,%.4f,%d,%d,%s%n",
                            analysis.seriesInstanceUid(), analysis.model().name(), analysis.model().version(),
                            f.findingClass(), f.probability(), f.centreMm().x(), f.centreMm().y(), f.centreMm().z(),
                            f.diameterMm(), f.volumeMl(), box[2] + 1, box[5] + 1, f.provenance().method()));
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }
}
