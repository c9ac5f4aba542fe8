package org.dicomcnn.imagej;

import java.util.List;

/**
 * The macro keys of the DICOM CNN commands: what {@code run("Command", "key=value ...")} accepts
 * and what the recorder writes. They are constants of their own, kept apart from the dialog
 * labels, so that rewording a dialog never breaks a recorded macro. docs/imagej.md lists them.
 *
 * <pre>{@code
 * run("Open DICOM Series", "folder=[/data/patient-7/study-2] series=1");
 * run("Classify DICOM Series", "method=heatmap batch=16");
 * }</pre>
 */
public final class MacroKeys {

    /** Open DICOM Series: the folder to scan (searched recursively). */
    public static final String FOLDER = "folder";
    /**
     * Open DICOM Series: which series, as its Series Instance UID or its 1-based number in the
     * listing (patients, then studies oldest first, then series by number).
     */
    public static final String SERIES = "series";
    /**
     * Open DICOM Series: the window preset, {@code series} (the series' own first preset),
     * {@code lung}, {@code mediastinum} or {@code bone}.
     */
    public static final String WINDOW = "window";

    /** Classify: how nodule findings are placed, {@code heatmap} or {@code region}; default: the bundle's choice. */
    public static final String METHOD = "method";
    /** Classify: slices per forward pass, a whole number from 1 to 256. */
    public static final String BATCH = "batch";

    /** Model Bundle: {@code default} for the built-in model, or the path of a bundle folder or .zip. */
    public static final String BUNDLE = "bundle";
    /** Model Bundle: {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
    public static final String DEVICE = "device";

    /**
     * Compare With Priors: the growth criterion for nodules, e.g. {@code lung-rads-2022} or
     * {@code fleischner-2017} (the command line's names); default Lung-RADS 2022.
     */
    public static final String CRITERION = "criterion";

    /**
     * Compare With Priors: which prior to show as images (registered beside the current study,
     * and the subtraction): {@link #LATEST_PRIOR} (default) or a comparable prior's Study Date,
     * {@code yyyy-MM-dd}. Every prior is in the table and the plot whichever is shown.
     */
    public static final String PRIOR = "prior";
    /** The value of {@link #PRIOR} that shows the latest prior. */
    public static final String LATEST_PRIOR = "latest";

    /** Heatmap Overlay: {@code show}, {@code hide} or {@code toggle} (default). */
    public static final String HEATMAP = "heatmap";

    /**
     * Export Results: the existing folder to write the findings into (findings.json, findings.csv
     * and the overlay PNGs, in a folder per series named by its Series Instance UID).
     */
    public static final String OUTPUT = "output";

    /** Keys of Open DICOM Series. */
    static final List<String> OPEN_KEYS = List.of(FOLDER, SERIES, WINDOW);
    /** Keys of Classify. */
    static final List<String> CLASSIFY_KEYS = List.of(METHOD, BATCH);
    /** Keys of Model Bundle. */
    static final List<String> BUNDLE_KEYS = List.of(BUNDLE, DEVICE);
    /** Keys of Compare With Priors. */
    static final List<String> COMPARE_KEYS = List.of(CRITERION, BATCH, PRIOR);
    /** Keys of Heatmap Overlay. */
    static final List<String> HEATMAP_KEYS = List.of(HEATMAP);
    /** Keys of Export Results. */
    static final List<String> EXPORT_KEYS = List.of(OUTPUT);

    private MacroKeys() {
    }
}
