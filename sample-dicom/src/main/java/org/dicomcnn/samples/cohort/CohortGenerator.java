package org.dicomcnn.samples.cohort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.dicomcnn.samples.CtSeries;
import org.dicomcnn.samples.CtSeriesWriter;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.truth.CohortManifest;
import org.dicomcnn.samples.truth.GeneratorInfo;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.StudyTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a data set: for each patient, each study, each series, renders the slices in
 * parallel and writes them as DICOM, then the study's {@code ground-truth.json}; finally
 * {@code cohort.json} and a README at the root. A patient's folder is replaced if it exists;
 * other content of the output folder is left alone.
 *
 * <pre>{@code
 * CohortGenerator.generate(GeneratorOptions.builder(Path.of("studies"))
 *         .optPreset(Preset.COMMITTED_SAMPLES).build());
 * }</pre>
 */
public final class CohortGenerator {

    /** The data set's README. */
    public static final String README = "README.md";

    private static final Logger LOG = LoggerFactory.getLogger(CohortGenerator.class);

    private CohortGenerator() {}

    /**
     * What was written.
     *
     * @param studies study folders, in order
     * @param files DICOM files written
     * @param bytes bytes of DICOM written
     */
    public record Report(List<Path> studies, int files, long bytes) {

        /** Copies the list. */
        public Report {
            studies = List.copyOf(studies);
        }
    }

    /**
     * @param o what to generate
     * @return what was written
     * @throws IOException if a file cannot be written
     */
    public static Report generate(GeneratorOptions o) throws IOException {
        Files.createDirectories(o.outputDir());
        GeneratorInfo info = new GeneratorInfo(GeneratorInfo.NAME, GeneratorInfo.MODEL_VERSION, o.seed(),
                o.preset().cliName());
        List<Path> studies = new ArrayList<>();
        List<CohortManifest.Patient> manifest = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        try {
            List<PatientPhantom> committed = o.preset() == Preset.COMMITTED_SAMPLES ? CommittedSamples.plan(o) : null;
            int count = committed != null ? committed.size() : o.patients();
            for (int p = 0; p < count; p++) {
                long t0 = System.nanoTime();
                PatientPhantom phantom = committed != null ? committed.get(p) : CohortPlanner.planPatient(o, p);
                PatientPlan plan = phantom.plan();
                Path patientDir = o.outputDir().resolve(plan.key());
                deleteRecursively(patientDir);
                List<CohortManifest.Study> entries = new ArrayList<>();
                for (StudyPlan st : plan.studies()) {
                    Path studyDir = patientDir.resolve(st.key());
                    List<String> seriesFolders = new ArrayList<>();
                    for (int s = 0; s < st.series().size(); s++) {
                        Path dir = studyDir.resolve(st.series().get(s).folder());
                        List<Path> written = writeSeries(phantom, st.index(), s, dir, o.transferSyntax(), pool);
                        files += written.size();
                        for (Path f : written) {
                            bytes += Files.size(f);
                        }
                        seriesFolders.add(o.outputDir().relativize(dir).toString().replace('\\', '/'));
                    }
                    StudyTruth truth = phantom.truth(st.index(), info, o.transferSyntax());
                    Path truthFile = studyDir.resolve(StudyTruth.FILE_NAME);
                    GroundTruthJson.write(truthFile, truth);
                    studies.add(studyDir);
                    entries.add(new CohortManifest.Study(st.key(), st.date().toString(), truth.studyInstanceUid(),
                            o.outputDir().relativize(truthFile).toString().replace('\\', '/'), seriesFolders));
                }
                manifest.add(new CohortManifest.Patient(plan.key(), plan.patientId(), plan.scenario(), entries));
                if (o.previewDir() != null) {
                    SlicePreview.write(phantom, o.previewDir().resolve(plan.key() + ".png"));
                }
                LOG.info("patient {}/{} ({}): {} studies in {} s", p + 1, count, plan.key(), plan.studies().size(),
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
            }
        } finally {
            pool.shutdownNow();
        }
        String command = commandOf(o);
        GroundTruthJson.write(o.outputDir().resolve(CohortManifest.FILE_NAME), new CohortManifest(
                CohortManifest.SCHEMA, StudyTruth.SCHEMA_VERSION, StudyTruth.NOTE, info, command, manifest));
        Files.writeString(o.outputDir().resolve(README), readme(command, manifest), StandardCharsets.UTF_8);
        return new Report(studies, files, bytes);
    }

    /**
     * Renders and writes one series, slices in parallel.
     *
     * @param phantom the patient
     * @param study study index
     * @param series series index
     * @param dir the series folder
     * @param transferSyntax encoding
     * @param pool the rendering threads
     * @return the files, in slice order
     * @throws IOException if a slice cannot be written
     */
    public static List<Path> writeSeries(PatientPhantom phantom, int study, int series, Path dir,
            PixelTransferSyntax transferSyntax, ExecutorService pool) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        CtSeries ct = phantom.ctSeries(study, series);
        int n = ct.slicePositionsMm().size();
        List<Future<Path>> futures = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int slice = k;
            futures.add(pool.submit(() -> {
                Path file = dir.resolve(CtSeriesWriter.fileName(slice));
                float[] hu = phantom.renderSlice(study, series, slice, true);
                try {
                    CtSeriesWriter.writeSlice(file, ct, slice, hu, transferSyntax);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return file;
            }));
        }
        List<Path> files = new ArrayList<>(n);
        try {
            for (Future<Path> f : futures) {
                files.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + dir, e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("cannot write a slice of " + dir + ": " + cause.getMessage(), cause);
        }
        LOG.info("series {} of study {}: {} slices {}x{} ({}) in {} s", series + 1, study + 1, n, ct.columns(),
                ct.rows(), transferSyntax.cliName(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return files;
    }

    /** @return the generator arguments that reproduce the data set (output folder and threads aside) */
    public static String commandOf(GeneratorOptions o) {
        StringBuilder b = new StringBuilder("--preset ").append(o.preset().cliName()).append(" --seed ")
                .append(o.seed());
        if (o.preset() == Preset.COHORT) {
            b.append(" --patients ").append(o.patients());
            if (o.studiesPerPatient() > 0) {
                b.append(" --studies ").append(o.studiesPerPatient());
            }
            b.append(" --matrix ").append(o.matrix());
            if (o.slices() > 0) {
                b.append(" --slices ").append(o.slices());
            }
            if (o.sliceThicknessMm() > 0) {
                b.append(" --slice-thickness ").append(o.sliceThicknessMm());
            }
        }
        b.append(" --transfer-syntax ").append(o.transferSyntax().cliName());
        if (o.extraSeries() > 0) {
            b.append(" --extra-series ").append(o.extraSeries());
        }
        if (o.effusionFraction() != GeneratorOptions.DEFAULT_EFFUSION_FRACTION) {
            b.append(" --effusion-fraction ").append(o.effusionFraction());
        }
        if (o.subsolidFraction() != GeneratorOptions.DEFAULT_SUBSOLID_FRACTION) {
            b.append(" --subsolid-fraction ").append(o.subsolidFraction());
        }
        if (o.noiseScale() != 1) {
            b.append(" --noise-scale ").append(o.noiseScale());
        }
        if (o.treePoints() != org.dicomcnn.samples.phantom.ChestAnatomy.DEFAULT_TREE_POINTS) {
            b.append(" --tree-points ").append(o.treePoints());
        }
        return b.toString();
    }

    private static String readme(String command, List<CohortManifest.Patient> patients) {
        StringBuilder b = new StringBuilder();
        b.append("# Synthetic chest-CT phantoms\n\n");
        b.append("Generated by the ").append(GeneratorInfo.NAME).append(" (model version ")
                .append(GeneratorInfo.MODEL_VERSION).append("). Synthetic phantoms: not patient data, not for ")
                .append("clinical use. Do not edit; regenerate with\n\n");
        b.append("    bin/generate-samples ").append(command).append(" --out <this folder>\n\n");
        b.append("Layout: `<patient>/<study>/ground-truth.json` (the ground truth, for evaluation only) and ")
                .append("`<patient>/<study>/series-<n>/CT000001.dcm`, ... (one DICOM file per slice, instance 1 ")
                .append("most superior). `cohort.json` lists everything. The ground-truth schema and the phantom ")
                .append("model are described in `docs/phantoms.md`.\n\n");
        b.append("| patient | Patient ID | studies | scenario |\n| --- | --- | --- | --- |\n");
        for (CohortManifest.Patient p : patients) {
            b.append("| ").append(p.key()).append(" | ").append(p.patientId()).append(" | ")
                    .append(String.join(", ", p.studies().stream().map(s -> s.key() + " (" + s.studyDate() + ")")
                            .toList()))
                    .append(" | ").append(p.scenario()).append(" |\n");
        }
        return b.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
