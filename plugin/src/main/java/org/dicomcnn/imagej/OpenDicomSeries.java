package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.FileProblem;
import org.dicomcnn.dicom.WindowPreset;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * Plugins &gt; DICOM CNN &gt; Open DICOM Series: scans a folder, lists its patients, studies
 * (date), series, modality, image counts and unusable files, and opens the chosen series as a
 * calibrated 32-bit stack in HU ({@link SeriesImage}).
 *
 * <pre>{@code
 * run("Open DICOM Series", "folder=[/data/study-2] series=1 window=lung");
 * }</pre>
 *
 * Keys: {@link MacroKeys#FOLDER}, {@link MacroKeys#SERIES}, {@link MacroKeys#WINDOW}.
 */
public final class OpenDicomSeries implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "Open DICOM Series";

    /** The folder the dialog offers first: the one chosen last in this ImageJ session. */
    private static String lastFolder = "";

    /** The most unusable files the browser lists by name. */
    private static final int PROBLEMS_SHOWN = 8;

    @Override
    public void run(String arg) {
        CommandFailure.run(COMMAND, () -> {
            String options = Macro.getOptions();
            Path folder;
            MacroOptions macro = null;
            if (options != null) {
                macro = MacroOptions.parse(options, MacroKeys.OPEN_KEYS);
                String f = macro.get(MacroKeys.FOLDER).orElseThrow(() -> new IllegalArgumentException(
                        "key '" + MacroKeys.FOLDER + "' is required: the folder of DICOM files to scan"));
                folder = Path.of(f);
                if (!Files.exists(folder)) {
                    throw MacroOptions.badValue(MacroKeys.FOLDER, f, "an existing folder or DICOM file");
                }
            } else {
                GenericDialog ask = new GenericDialog(COMMAND);
                ask.addMessage("Research use only; not for clinical use.");
                ask.addDirectoryField("Folder of DICOM files", lastFolder);
                ask.showDialog();
                if (ask.wasCanceled()) {
                    return;
                }
                String d = ask.getNextString().trim();
                folder = Path.of(d);
                if (d.isEmpty() || !Files.exists(folder)) {
                    throw new IllegalArgumentException("'" + d + "' is not an existing folder");
                }
                lastFolder = d;
            }
            ImageJProgress progress = new ImageJProgress(COMMAND);
            DicomIndex index = DicomIndex.scan(folder, progress);
            SeriesListing listing = SeriesListing.of(index);
            if (listing.rows().isEmpty()) {
                throw new IllegalArgumentException("no DICOM series under " + folder + " ("
                        + index.filesScanned() + " files looked at, " + index.problems().size() + " unusable)"
                        + problemLines(index.problems()));
            }
            SeriesListing.Row row;
            String window;
            if (macro != null) {
                row = macro.get(MacroKeys.SERIES).map(v -> listing.find(MacroKeys.SERIES, v)).orElseGet(() -> {
                    if (listing.rows().size() != 1) {
                        throw new IllegalArgumentException("key '" + MacroKeys.SERIES + "' is required: " + folder
                                + " holds " + listing.rows().size() + " series");
                    }
                    return listing.rows().get(0);
                });
                window = macro.getChoice(MacroKeys.WINDOW, SeriesImage.SERIES_WINDOW, SeriesImage.windowChoices());
            } else {
                GenericDialog gd = new GenericDialog(COMMAND);
                gd.addMessage(index.patients().size() + " patient(s), " + listing.rows().size() + " series in "
                        + folder);
                String[] labels = listing.rows().stream().map(SeriesListing.Row::label).toArray(String[]::new);
                gd.addChoice("Series", labels, labels[0]);
                String[] windows = SeriesImage.windowChoices().toArray(String[]::new);
                gd.addChoice("Window", windows, windows[0]);
                if (!index.problems().isEmpty()) {
                    gd.addMessage(index.problems().size() + " file(s) could not be used:" + problemLines(index.problems()));
                }
                gd.showDialog();
                if (gd.wasCanceled()) {
                    return;
                }
                row = listing.rows().get(gd.getNextChoiceIndex());
                window = windows[gd.getNextChoiceIndex()];
                if (Recorder.record) {
                    // the dialog recorded its labels' first words; record the documented keys instead
                    Recorder.resetCommandOptions();
                    Recorder.recordOption(MacroKeys.FOLDER, folder.toString());
                    Recorder.recordOption(MacroKeys.SERIES, row.series().seriesInstanceUid());
                    Recorder.recordOption(MacroKeys.WINDOW, window);
                }
            }
            open(index, row, window, progress);
        });
    }

    private static void open(DicomIndex index, SeriesListing.Row row, String window, ImageJProgress progress) {
        long t0 = System.nanoTime();
        SeriesVolumes loaded = new SeriesLoader().load(row.series(), progress);
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        progress.done();
        if (loaded.volumes().isEmpty()) {
            throw new IllegalArgumentException("series " + row.series().seriesInstanceUid()
                    + " gave no volume" + problemLines(loaded.problems())
                    + (loaded.notes().isEmpty() ? "" : "\n" + String.join("\n", loaded.notes())));
        }
        Volume volume = SeriesAnalyzer.largest(loaded);
        if (volume.channels() != 1) {
            throw new IllegalArgumentException("series " + row.series().seriesInstanceUid() + " is colour ("
                    + volume.channels() + " channels); the DICOM CNN commands read greyscale series");
        }
        WindowPreset preset = SeriesImage.window(volume, window);
        ImagePlus imp = SeriesImage.of(volume, row.study(), row.series(), preset);
        Session.get().register(imp, new Session.OpenedSeries(index, row.patient(), row.study(), loaded, volume, loadMs));
        imp.show();
        IJ.showStatus(COMMAND + ": " + volume.depth() + " slices of series " + row.series().seriesNumber()
                + " in " + loadMs + " ms");
        if (!loaded.problems().isEmpty() || loaded.volumes().size() > 1) {
            IJ.log(COMMAND + ": series " + row.series().seriesInstanceUid() + ": " + loaded.volumes().size()
                    + " volume(s), the largest shown; " + loaded.problems().size() + " file(s) unusable"
                    + problemLines(loaded.problems()));
        }
    }

    private static String problemLines(List<FileProblem> problems) {
        StringBuilder b = new StringBuilder();
        problems.stream().limit(PROBLEMS_SHOWN).forEach(p -> b.append("\n  ").append(p));
        if (problems.size() > PROBLEMS_SHOWN) {
            b.append("\n  and ").append(problems.size() - PROBLEMS_SHOWN).append(" more");
        }
        return b.toString();
    }
}
