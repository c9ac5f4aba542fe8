package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.io.DirectoryChooser;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.report.FindingsDocument;
import org.dicomcnn.report.ReportWriter;

/**
 * Plugins &gt; DICOM CNN &gt; Export Results: writes the current image's findings with the core
 * report writer ({@link ReportWriter}), the files {@code dicomcnn export} writes per study
 * (docs/output-schemas.md): {@code findings.json}, {@code findings.csv} and an overlay PNG of each
 * finding's key slice, in a folder named by the image's Series Instance UID under the chosen
 * folder. Every file is written under a temporary name and moved into place, so an interrupted
 * export never leaves a half-written file.
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
        CommandFailure.run(COMMAND, () -> {
            ImagePlus imp = WindowManager.getCurrentImage();
            ClassifySeries.openedSeries(imp, COMMAND);
            StudyAnalysis analysis = Session.get().analysis(imp).orElseThrow(() -> new IllegalArgumentException(
                    "image '" + imp.getTitle() + "' has not been classified; run " + ClassifySeries.COMMAND + " first"));
            Path folder;
            String options = Macro.getOptions();
            if (options != null) {
                MacroOptions macro = MacroOptions.parse(options, MacroKeys.EXPORT_KEYS);
                String out = macro.get(MacroKeys.OUTPUT).orElseThrow(() -> new IllegalArgumentException(
                        "key '" + MacroKeys.OUTPUT + "' is required: the folder to write the results into"));
                folder = Path.of(out);
                if (!Files.isDirectory(folder)) {
                    throw MacroOptions.badValue(MacroKeys.OUTPUT, out, "an existing folder");
                }
            } else {
                String d = new DirectoryChooser("Folder for the results").getDirectory();
                if (d == null) {
                    return;
                }
                folder = Path.of(d);
                if (Recorder.record) {
                    Recorder.resetCommandOptions();
                    Recorder.recordOption(MacroKeys.OUTPUT, folder.toString());
                }
            }
            Session.OpenedSeries series = Session.get().series(imp).orElseThrow();
            List<Path> written = write(analysis, series, folder);
            IJ.showStatus(COMMAND + ": wrote " + written.size() + " file(s) to "
                    + folder.resolve(analysis.seriesInstanceUid()));
        });
    }

    /**
     * Writes an analysis' findings, JSON, CSV and overlays, into {@code folder/<Series Instance UID>}.
     *
     * @param analysis an analysis
     * @param series the series it analysed, with its volume
     * @param folder an existing folder
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    static List<Path> write(StudyAnalysis analysis, Session.OpenedSeries series, Path folder) throws IOException {
        LocalDate date = series.study().dateTime().map(LocalDateTime::toLocalDate).orElse(null);
        FindingsDocument doc = FindingsDocument.of(analysis, date, List.of(), true);
        return ReportWriter.writeFindings(folder.resolve(analysis.seriesInstanceUid()), doc, series.volume(),
                analysis.findings());
    }
}
