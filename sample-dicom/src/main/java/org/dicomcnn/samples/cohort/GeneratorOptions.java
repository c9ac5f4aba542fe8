package org.dicomcnn.samples.cohort;

import java.nio.file.Path;
import java.util.Objects;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.phantom.ChestAnatomy;

/**
 * What to generate. Build with {@link #builder(Path)}: the output folder is required, all else
 * has defaults.
 *
 * <pre>{@code
 * GeneratorOptions o = GeneratorOptions.builder(Path.of("out")).optSeed(7).optPatients(20)
 *         .optMatrix(256).optTransferSyntax(PixelTransferSyntax.RLE_LOSSLESS).build();
 * CohortGenerator.generate(o);
 * }</pre>
 *
 * @param outputDir root folder of the data set
 * @param preset which patients
 * @param seed the seed every random choice derives from
 * @param patients number of patients ({@link Preset#COHORT} only)
 * @param studiesPerPatient studies per patient, 2..4, or 0 for a random 2..4
 * @param matrix Rows = Columns ({@link Preset#COHORT} only)
 * @param slices slices per series, or 0 to cover the lungs ({@link Preset#COHORT} only)
 * @param sliceThicknessMm slice thickness = spacing, or 0 for a random clinical protocol per
 *     study (or, with {@code slices}, the spacing that spreads them over the lungs)
 * @param transferSyntax how pixels are encoded
 * @param extraSeries additional reconstructions per study (0..2)
 * @param threads slices rendered in parallel
 * @param previewDir where to write a PNG per patient, or null for none
 * @param noiseScale multiplies every noise sigma (1 = realistic, 0 = noise-free for tests)
 * @param treePoints territory points per vessel tree
 * @param effusionFraction share of patients given a pleural effusion (0..1; default
 *     {@value #DEFAULT_EFFUSION_FRACTION}, about what a chest-CT follow-up cohort shows; a training
 *     set may enrich it)
 * @param subsolidFraction share of nodules that are subsolid (ground glass, some part-solid) rather
 *     than solid (0..1; default {@value #DEFAULT_SUBSOLID_FRACTION}); a training set may enrich it
 * @param command the command line to record in the manifest, or null
 */
public record GeneratorOptions(Path outputDir, Preset preset, long seed, int patients, int studiesPerPatient,
        int matrix, int slices, double sliceThicknessMm, PixelTransferSyntax transferSyntax, int extraSeries,
        int threads, Path previewDir, double noiseScale, int treePoints, double effusionFraction, double subsolidFraction,
        String command) {

    /** Seed of the committed samples. */
    public static final long COMMITTED_SEED = 20240611L;

    /** Default matrix of a cohort. */
    public static final int DEFAULT_MATRIX = 512;

    /** Default share of patients with an effusion. */
    public static final double DEFAULT_EFFUSION_FRACTION = 0.2;

    /** Default share of nodules that are subsolid. */
    public static final double DEFAULT_SUBSOLID_FRACTION = 0.3;

    /** Most additional reconstructions per study. */
    public static final int MAX_EXTRA_SERIES = 2;

    /** Validates. */
    public GeneratorOptions {
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(transferSyntax, "transferSyntax");
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be >= 1, got " + patients);
        }
        if (studiesPerPatient != 0 && (studiesPerPatient < 2 || studiesPerPatient > 4)) {
            throw new IllegalArgumentException("studies per patient must be 2..4 (or 0 = random), got "
                    + studiesPerPatient);
        }
        if (matrix < 16 || matrix > Acquisition.MAX_MATRIX) {
            throw new IllegalArgumentException("matrix must be 16.." + Acquisition.MAX_MATRIX + ", got " + matrix);
        }
        if (slices < 0 || slices > 2000) {
            throw new IllegalArgumentException("slices must be 0..2000 (0 = automatic), got " + slices);
        }
        if (!(sliceThicknessMm >= 0 && sliceThicknessMm <= 10)) {
            throw new IllegalArgumentException("slice thickness must be 0..10 mm (0 = automatic), got "
                    + sliceThicknessMm);
        }
        if (extraSeries < 0 || extraSeries > MAX_EXTRA_SERIES) {
            throw new IllegalArgumentException("extra series must be 0.." + MAX_EXTRA_SERIES + ", got " + extraSeries);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!(noiseScale >= 0 && noiseScale <= 5)) {
            throw new IllegalArgumentException("noise scale must be 0..5, got " + noiseScale);
        }
        if (!(effusionFraction >= 0 && effusionFraction <= 1)) {
            throw new IllegalArgumentException("effusion fraction must be 0..1, got " + effusionFraction);
        }
        if (!(subsolidFraction >= 0 && subsolidFraction <= 1)) {
            throw new IllegalArgumentException("subsolid fraction must be 0..1, got " + subsolidFraction);
        }
        if (treePoints < 1) {
            throw new IllegalArgumentException("tree points must be >= 1, got " + treePoints);
        }
    }

    /**
     * @param outputDir root folder of the data set (required)
     * @return a builder with the defaults
     */
    public static Builder builder(Path outputDir) {
        return new Builder(outputDir);
    }

    /** Builder: {@code optX} for optional values. */
    public static final class Builder {
        private final Path outputDir;
        private Preset preset = Preset.COHORT;
        private Long seed;
        private int patients = 1;
        private int studiesPerPatient;
        private int matrix = DEFAULT_MATRIX;
        private int slices;
        private double sliceThicknessMm;
        private PixelTransferSyntax transferSyntax = PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        private int extraSeries;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Path previewDir;
        private double noiseScale = 1;
        private int treePoints = ChestAnatomy.DEFAULT_TREE_POINTS;
        private double effusionFraction = DEFAULT_EFFUSION_FRACTION;
        private double subsolidFraction = DEFAULT_SUBSOLID_FRACTION;
        private String command;

        private Builder(Path outputDir) {
            this.outputDir = Objects.requireNonNull(outputDir, "outputDir is required");
        }

        /** @return this, with the preset (default cohort) */
        public Builder optPreset(Preset v) {
            preset = v;
            return this;
        }

        /** @return this, with the seed (default 1, or the committed seed for that preset) */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** @return this, with the number of patients (default 1) */
        public Builder optPatients(int v) {
            patients = v;
            return this;
        }

        /** @return this, with a fixed number of studies per patient (default random 2..4) */
        public Builder optStudiesPerPatient(int v) {
            studiesPerPatient = v;
            return this;
        }

        /** @return this, with the matrix (default 512) */
        public Builder optMatrix(int v) {
            matrix = v;
            return this;
        }

        /** @return this, with a fixed slice count (default: cover the lungs) */
        public Builder optSlices(int v) {
            slices = v;
            return this;
        }

        /** @return this, with a fixed slice thickness (default: a random protocol) */
        public Builder optSliceThicknessMm(double v) {
            sliceThicknessMm = v;
            return this;
        }

        /** @return this, with the transfer syntax (default explicit VR little endian) */
        public Builder optTransferSyntax(PixelTransferSyntax v) {
            transferSyntax = v;
            return this;
        }

        /** @return this, with extra reconstructions per study (default 0) */
        public Builder optExtraSeries(int v) {
            extraSeries = v;
            return this;
        }

        /** @return this, with the number of rendering threads (default: processors) */
        public Builder optThreads(int v) {
            threads = v;
            return this;
        }

        /** @return this, writing previews to a folder */
        public Builder optPreviewDir(Path v) {
            previewDir = v;
            return this;
        }

        /** @return this, with noise scaled (0 = none) */
        public Builder optNoiseScale(double v) {
            noiseScale = v;
            return this;
        }

        /** @return this, with coarser or finer vessel trees */
        public Builder optTreePoints(int v) {
            treePoints = v;
            return this;
        }

        /** @return this, with another share of patients given an effusion */
        public Builder optEffusionFraction(double v) {
            effusionFraction = v;
            return this;
        }

        /** @return this, with another share of nodules that are subsolid */
        public Builder optSubsolidFraction(double v) {
            subsolidFraction = v;
            return this;
        }

        /** @return this, recording the command line in the manifest */
        public Builder optCommand(String v) {
            command = v;
            return this;
        }

        /** @return the options */
        public GeneratorOptions build() {
            long s = seed != null ? seed : preset == Preset.COMMITTED_SAMPLES ? COMMITTED_SEED : 1;
            return new GeneratorOptions(outputDir, preset, s, patients, studiesPerPatient, matrix, slices,
                    sliceThicknessMm, transferSyntax, extraSeries, threads, previewDir, noiseScale, treePoints,
                    effusionFraction, subsolidFraction, command);
        }
    }
}
