package org.dicomcnn.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.samples.cohort.Preset;

/**
 * Command line of the phantom generator. Regenerate the committed samples with
 *
 * <pre>
 * bin/generate-samples --preset committed-samples --out sample-dicom/studies
 * </pre>
 *
 * and make a training set with, for example,
 *
 * <pre>
 * bin/generate-samples --out /data/phantoms --seed 7 --patients 200 --matrix 512
 * </pre>
 *
 * Options are parsed here and the work is done by {@link CohortGenerator}. Unknown options and
 * bad values are reported with the option, the value and what was expected.
 */
public final class GenerateSamples {

    /** Output folder (required). */
    public static final String OUT = "--out";
    /** {@code cohort} (default) or {@code committed-samples}. */
    public static final String PRESET = "--preset";
    /** Seed (default 1; committed-samples: 20240611). */
    public static final String SEED = "--seed";
    /** Number of patients (cohort; default 1). */
    public static final String PATIENTS = "--patients";
    /** Studies per patient, 2..4 (cohort; default random). */
    public static final String STUDIES = "--studies";
    /** Rows = Columns (cohort; default 512). */
    public static final String MATRIX = "--matrix";
    /** Slices per series (cohort; default: cover the lungs). */
    public static final String SLICES = "--slices";
    /** Slice thickness = spacing, mm (cohort; default: a random clinical protocol per study). */
    public static final String SLICE_THICKNESS = "--slice-thickness";
    /** explicit-le (default), rle, jpeg-lossless or jpeg2000. */
    public static final String TRANSFER_SYNTAX = "--transfer-syntax";
    /** Additional reconstructions per study, 0..2 (default 0). */
    public static final String EXTRA_SERIES = "--extra-series";
    /** Rendering threads (default: processors). */
    public static final String THREADS = "--threads";
    /** Folder for one PNG per patient (default: none). */
    public static final String PREVIEWS = "--previews";
    /** Noise multiplier, 0..5 (default 1). */
    public static final String NOISE_SCALE = "--noise-scale";
    /** Share of patients with a pleural effusion, 0..1 (default 0.2). */
    public static final String EFFUSION_FRACTION = "--effusion-fraction";

    /** Share of nodules that are subsolid, 0..1 (default 0.3). */
    public static final String SUBSOLID_FRACTION = "--subsolid-fraction";
    /** Territory points per vessel tree (default 1400). */
    public static final String TREE_POINTS = "--tree-points";
    /** Prints the usage. */
    public static final String HELP = "--help";

    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put(OUT, "DIR     output folder (required)");
        OPTIONS.put(PRESET, "NAME    cohort (default) or committed-samples");
        OPTIONS.put(SEED, "N       seed (default 1; committed-samples: " + GeneratorOptions.COMMITTED_SEED + ")");
        OPTIONS.put(PATIENTS, "N       patients (cohort, default 1)");
        OPTIONS.put(STUDIES, "N       studies per patient, 2..4 (cohort, default random)");
        OPTIONS.put(MATRIX, "N       rows = columns (cohort, default " + GeneratorOptions.DEFAULT_MATRIX + ")");
        OPTIONS.put(SLICES, "N       slices per series (cohort, default: cover the lungs)");
        OPTIONS.put(SLICE_THICKNESS, "MM      slice thickness = spacing (cohort, default: random protocol)");
        OPTIONS.put(TRANSFER_SYNTAX, "NAME    explicit-le (default), rle, jpeg-lossless or jpeg2000");
        OPTIONS.put(EXTRA_SERIES, "N       extra reconstructions per study, 0..2 (default 0)");
        OPTIONS.put(THREADS, "N       rendering threads (default: processors)");
        OPTIONS.put(PREVIEWS, "DIR     write one PNG per patient there");
        OPTIONS.put(NOISE_SCALE, "X       noise multiplier 0..5 (default 1)");
        OPTIONS.put(EFFUSION_FRACTION, "X       share of patients with an effusion, 0..1 (cohort, default 0.2)");
        OPTIONS.put(SUBSOLID_FRACTION, "X       share of nodules that are subsolid, 0..1 (cohort, default 0.3)");
        OPTIONS.put(TREE_POINTS, "N       vessel tree territory points (default 1400)");
    }

    /** Options the committed-samples preset fixes itself. */
    private static final Set<String> FIXED_BY_COMMITTED = Set.of(PATIENTS, STUDIES, MATRIX, SLICES, SLICE_THICKNESS,
            EFFUSION_FRACTION, SUBSOLID_FRACTION);

    private GenerateSamples() {}

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args command-line arguments
     * @param out where the summary goes
     * @param err where errors and usage go
     * @return the exit code: 0 done, 1 failed, 2 bad arguments
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        GeneratorOptions options;
        try {
            if (args.length == 0 || java.util.Arrays.asList(args).contains(HELP)) {
                out.print(usage());
                return args.length == 0 ? 2 : 0;
            }
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("generate-samples: " + e.getMessage());
            err.print(usage());
            return 2;
        }
        long t0 = System.nanoTime();
        try {
            CohortGenerator.Report r = CohortGenerator.generate(options);
            out.printf(Locale.ROOT, "wrote %d DICOM files (%.1f MB) in %d studies to %s in %.1f s%n", r.files(),
                    r.bytes() / 1e6, r.studies().size(), options.outputDir(), (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("generate-samples: failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * @param args command-line arguments
     * @return the options they ask for
     * @throws IllegalArgumentException naming the option, the value and what was expected
     */
    public static GeneratorOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            String value = null;
            int eq = key.indexOf('=');
            if (key.startsWith("--") && eq > 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (!OPTIONS.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + key + "; known: "
                        + String.join(", ", OPTIONS.keySet()));
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(key + " needs a value (" + OPTIONS.get(key).trim() + ")");
                }
                value = args[++i];
            }
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException(key + " given twice");
            }
        }
        if (!values.containsKey(OUT)) {
            throw new IllegalArgumentException(OUT + " is required");
        }
        GeneratorOptions.Builder b = GeneratorOptions.builder(Path.of(values.get(OUT)));
        Preset preset = values.containsKey(PRESET) ? Preset.fromCliName(values.get(PRESET)) : Preset.COHORT;
        b.optPreset(preset);
        if (preset == Preset.COMMITTED_SAMPLES) {
            for (String k : values.keySet()) {
                if (FIXED_BY_COMMITTED.contains(k)) {
                    throw new IllegalArgumentException(k + " cannot be used with " + PRESET + " "
                            + preset.cliName() + ", which fixes patients, studies, matrix and slices");
                }
            }
        }
        if (values.containsKey(SEED)) {
            b.optSeed(longValue(values, SEED));
        }
        if (values.containsKey(PATIENTS)) {
            b.optPatients(intValue(values, PATIENTS));
        }
        if (values.containsKey(STUDIES)) {
            b.optStudiesPerPatient(intValue(values, STUDIES));
        }
        if (values.containsKey(MATRIX)) {
            b.optMatrix(intValue(values, MATRIX));
        }
        if (values.containsKey(SLICES)) {
            b.optSlices(intValue(values, SLICES));
        }
        if (values.containsKey(SLICE_THICKNESS)) {
            b.optSliceThicknessMm(doubleValue(values, SLICE_THICKNESS));
        }
        if (values.containsKey(TRANSFER_SYNTAX)) {
            b.optTransferSyntax(PixelTransferSyntax.fromCliName(values.get(TRANSFER_SYNTAX)));
        }
        if (values.containsKey(EXTRA_SERIES)) {
            b.optExtraSeries(intValue(values, EXTRA_SERIES));
        }
        if (values.containsKey(THREADS)) {
            b.optThreads(intValue(values, THREADS));
        }
        if (values.containsKey(PREVIEWS)) {
            b.optPreviewDir(Path.of(values.get(PREVIEWS)));
        }
        if (values.containsKey(NOISE_SCALE)) {
            b.optNoiseScale(doubleValue(values, NOISE_SCALE));
        }
        if (values.containsKey(SUBSOLID_FRACTION)) {
            b.optSubsolidFraction(doubleValue(values, SUBSOLID_FRACTION));
        }
        if (values.containsKey(EFFUSION_FRACTION)) {
            b.optEffusionFraction(doubleValue(values, EFFUSION_FRACTION));
        }
        if (values.containsKey(TREE_POINTS)) {
            b.optTreePoints(intValue(values, TREE_POINTS));
        }
        return b.build();
    }

    /** @return the usage text */
    public static String usage() {
        StringBuilder b = new StringBuilder("usage: generate-samples --out DIR [options]\n"
                + "Synthetic longitudinal chest-CT phantoms with ground truth (not patient data).\n");
        OPTIONS.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-18s %s%n", k, v)));
        return b.toString();
    }

    private static int intValue(Map<String, String> values, String key) {
        try {
            return Integer.parseInt(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not an integer");
        }
    }

    private static long longValue(Map<String, String> values, String key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not an integer");
        }
    }

    private static double doubleValue(Map<String, String> values, String key) {
        try {
            double v = Double.parseDouble(values.get(key));
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + values.get(key) + "' is not a number");
        }
    }
}
